import { useStackState } from '../data/engine-queries.ts';

// Why: the profile and how many services are ready (and running without a probe), visible from every view.
export function StackSummary() {
  const { data } = useStackState();
  if (!data) return null;
  const ready = data.services.filter((service) => service.state === 'ready').length;
  // Running without a probe is not counted as ready: it is said apart.
  const running = data.services.filter((service) => service.state === 'running').length;
  return (
    <p className="stack-summary" title={data.root}>
      <span className="stack-summary__root">{data.root.split(/[\\/]/).filter(Boolean).at(-1) ?? data.root}</span>
      <span className="stack-summary__profile">{data.profile}</span>
      <span className="stack-summary__count">{ready}/{data.services.length} ready{running > 0 ? `, ${running} running (no probe)` : ''}</span>
    </p>
  );
}
