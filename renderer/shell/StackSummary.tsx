import { useStackState } from '../data/engine-queries.ts';

// Why: the profile and how many services are ready, visible from every view.
export function StackSummary() {
  const { data } = useStackState();
  if (!data) return null;
  const ready = data.services.filter((service) => service.state === 'ready').length;
  return (
    <p className="stack-summary" title={data.root}>
      <span className="stack-summary__profile">{data.profile}</span>
      <span className="stack-summary__count">{ready}/{data.services.length} ready</span>
    </p>
  );
}
