import { describeChangeEntry } from '../../shared/api/change-log.ts';
import { useChangeLog } from '../data/engine-queries.ts';
import { useEngineCommand } from '../data/use-engine-command.ts';

// Why: an edit that added an error or lowered a health score stays in view until the user says they have seen it; the
// engine keeps that answer, so a reload or a second window shows the same notice.
export function RegressionNotice({ onOpenChangeLog }: { onOpenChangeLog(): void }) {
  const { data: log } = useChangeLog();
  const stack = useEngineCommand();
  const unseen = log?.entries.filter((entry) => entry.regression && !entry.seen) ?? [];
  const last = unseen.at(-1);
  if (!last) return null;
  return (
    <div className="alerts">
      <section className="alert alert--sticky" aria-label="Configuration got worse" role="alert">
        <span className="alert__icon" aria-hidden="true">!</span>
        <div className="alert__message">
          <p><strong>{unseen.length === 1 ? 'An env-file edit made the configuration worse' : `${unseen.length} env-file edits made the configuration worse`}</strong></p>
          <ul className="alert__lines">{unseen.slice(-3).map((entry) => <li key={entry.id}>{describeChangeEntry(entry)}</li>)}</ul>
          {unseen.length > 3 && <p className="muted">and {unseen.length - 3} earlier</p>}
        </div>
        <button type="button" className="button button--ghost button--small" onClick={onOpenChangeLog}>Open the change log</button>
        <button type="button" className="button button--small" onClick={() => stack.mutate({ type: 'markChangesSeen', upTo: last.id })}>Seen</button>
      </section>
    </div>
  );
}
