import { useNotices } from '../notices/notices-context.tsx';
import { formatClock } from '../ui/format.ts';

// Why: the engine's answer to the last command ("started api, worker") is read out politely, without an alert.
export function ActionLog() {
  const { lastAction } = useNotices();
  return (
    <p className="action-log" role="log" aria-live="polite" aria-label="Last action">
      {lastAction ? (
        <>
          <time className="action-log__time">{formatClock(lastAction.at)}</time> {lastAction.message}
        </>
      ) : (
        'Ready.'
      )}
    </p>
  );
}
