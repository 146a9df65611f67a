import { useNow } from '../data/use-now.ts';
import { formatDuration } from '../ui/format.ts';

// Why: after a crash the user sees when the next attempt comes, or that the restart policy has given up.
export function RestartCountdown({ restartAt }: { restartAt: string | null }) {
  const now = useNow();
  if (restartAt === null) {
    return <p className="crash__restart crash__restart--off">No automatic restart: the restart policy has given up. Fix the cause, then start it.</p>;
  }
  const remaining = Date.parse(restartAt) - now;
  return (
    <p className="crash__restart">
      {remaining > 0 ? <>Next restart in <strong>{formatDuration(Math.ceil(remaining / 1_000) * 1_000)}</strong></> : 'Restarting now…'}
    </p>
  );
}
