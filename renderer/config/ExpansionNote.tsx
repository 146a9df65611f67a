import { describeReference, type EnvReference } from '../../shared/config/env-file/reference.ts';

// Why: a value an env-file dialect expanded (`${DATABASE_HOST}`) shows what the file wrote and where each reference came
// from, as `stackdeck env SERVICE KEY` does; nothing when the value was taken as written.
export function ExpansionNote({ entry }: { entry: { raw?: string; references?: EnvReference[] } }) {
  if (entry.raw === undefined && !entry.references?.length) return null;
  return (
    <span className="chain__expansion">
      {entry.raw !== undefined && <>written <code>{entry.raw}</code></>}
      {entry.references?.length ? <> expanded: {entry.references.map((reference) => describeReference(reference)).join(', ')}</> : null}
    </span>
  );
}
