import type { ChangeLogEntry } from '../../shared/api/change-log.ts';
import { describeSource } from '../../shared/config/source.ts';
import { useChangeLog } from '../data/engine-queries.ts';
import { useEngineCommand } from '../data/use-engine-command.ts';
import { formatClock } from '../ui/format.ts';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { FindingItem } from './FindingItem.tsx';

// Why: "what did my edits do?": every env-file edit of this session, newest first, with the findings it added or cleared.
export function ChangeLogPanel() {
  const { data: log, isPending, isError, refetch } = useChangeLog();
  const stack = useEngineCommand();
  if (isPending) return <p className="empty">Loading the change log…</p>;
  if (isError || !log) {
    return <p className="empty">The change log could not be loaded. <button type="button" className="button button--small" onClick={() => void refetch()}>Try again</button></p>;
  }
  const unseen = log.entries.filter((entry) => !entry.seen);
  return (
    <section className="change-log" aria-label="Change log">
      <div className="change-log__head">
        <h3 className="section-title">Change log <span className="muted">({log.entries.length} edit{log.entries.length === 1 ? '' : 's'} this session; the last {log.limit} are kept)</span></h3>
        {unseen.length > 0 && (
          <button type="button" className="button button--small" onClick={() => stack.mutate({ type: 'markChangesSeen' })}>Mark all seen</button>
        )}
      </div>
      {log.entries.length === 0
        ? <p className="empty">No env file has changed since Stackdeck started. Edit one and its effect shows here.</p>
        : <ol className="change-log__list">{[...log.entries].reverse().map((entry) => <ChangeLogItem key={entry.id} entry={entry} />)}</ol>}
    </section>
  );
}

function ChangeLogItem({ entry }: { entry: ChangeLogEntry }) {
  const added = entry.findingsAdded.length;
  const cleared = entry.findingsCleared.length;
  return (
    <li className={`change card${entry.regression ? ' change--regression' : ''}`} aria-label={`Edit at ${formatClock(Date.parse(entry.at))} to ${entry.files.join(', ')}`}>
      <div className="change__head">
        <time className="change__time" dateTime={entry.at}>{formatClock(Date.parse(entry.at))}</time>
        <code className="change__files">{entry.files.join(', ')}</code>
        {entry.regression && <StatusBadge tone="danger">{entry.seen ? 'made it worse (seen)' : 'made it worse'}</StatusBadge>}
        {!entry.regression && cleared > 0 && <StatusBadge tone="ok">cleared {cleared} finding{cleared === 1 ? '' : 's'}</StatusBadge>}
        {entry.scores.map((score) => (
          <span key={score.service} className={`change__score ${score.after < score.before ? 'text-danger' : 'text-ok'}`}>
            {score.service} health {score.before} → {score.after}
          </span>
        ))}
      </div>
      {entry.changes.length > 0 && (
        <table className="table change__table" aria-label="Values changed">
          <thead>
            <tr><th scope="col">Service</th><th scope="col">Key</th><th scope="col">Before</th><th scope="col">After</th></tr>
          </thead>
          <tbody>
            {entry.changes.map((change) => (
              <tr key={`${change.service}/${change.key}`}>
                <td>{change.service}</td>
                <td><code>{change.key}</code></td>
                <td><Value side={change.before} /></td>
                <td><Value side={change.after} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {added > 0 && (
        <div className="change__findings" role="group" aria-label="Findings added">
          <p className="change__label text-danger">Added {added} finding{added === 1 ? '' : 's'}</p>
          <ul className="findings__list">{entry.findingsAdded.map((finding, index) => <FindingItem key={index} finding={finding} />)}</ul>
        </div>
      )}
      {cleared > 0 && (
        <div className="change__findings change__findings--cleared" role="group" aria-label="Findings cleared">
          <p className="change__label text-ok">Cleared {cleared} finding{cleared === 1 ? '' : 's'}</p>
          <ul className="findings__list">{entry.findingsCleared.map((finding, index) => <FindingItem key={index} finding={finding} />)}</ul>
        </div>
      )}
    </li>
  );
}

// A value (masked by the engine) and where it came from: file:line, or the source that is not a file.
function Value({ side }: { side: ChangeLogEntry['changes'][number]['before'] }) {
  if (side === null || side.value === null) return <span className="value value--unset">not set</span>;
  return (
    <span className="change__value">
      <code className="value">{side.value === '' ? '""' : side.value}</code>
      {side.source && <code className="change__source">{describeSource(side.source)}</code>}
    </span>
  );
}
