import { describeSource, type Source, type SourceKind } from '../../shared/config/source.ts';

// Short names for the badge; describeSource gives the detail (file:line).
const KIND_LABEL: Record<SourceKind, string> = {
  override: 'override',
  launcher: 'launcher',
  os: 'OS env',
  file: 'file',
  fallback: 'fallback',
  default: 'default',
};

// Why: "which source set this variable?" answered at a glance: kind as a coloured tag, then where exactly.
export function SourceBadge({ source }: { source: Source | null }) {
  if (source === null) return <span className="source source--none">no source</span>;
  const detail = describeSource(source);
  const showDetail = source.kind === 'file' || (source.kind === 'fallback' && source.file);
  return (
    <span className={`source source--${source.kind}`} title={detail}>
      <span className="source__kind">{KIND_LABEL[source.kind]}</span>
      {showDetail && <span className="source__detail">{source.kind === 'file' ? detail : source.file}</span>}
    </span>
  );
}
