import { useState } from 'react';
import { useStackState } from '../data/engine-queries.ts';
import { STATE_LOOK } from '../services/service-state.ts';
import { Segmented, type SegmentOption } from '../ui/Segmented.tsx';
import { LogPane } from './LogPane.tsx';

const ALL = '*all*';

// Why: logs per service or combined, one terminal at a time, switched without losing the stream.
export function LogsView() {
  const { data, isPending } = useStackState();
  const [source, setSource] = useState<string>(ALL);
  const names = data?.services.map((service) => service.name) ?? [];
  const options: SegmentOption<string>[] = [
    { value: ALL, label: 'All services' },
    ...(data?.services ?? []).map((service) => ({
      value: service.name,
      label: service.name,
      adornment: <span className={`dot dot--${STATE_LOOK[service.state].tone}`} aria-hidden="true" />,
    })),
  ];
  const selected = source === ALL || names.includes(source) ? source : ALL;
  return (
    <div className="view logs-view">
      <div className="toolbar">
        <h2 className="view-title">Logs</h2>
        <Segmented label="Log source" options={options} value={selected} onChange={setSource} />
      </div>
      {isPending && <p className="empty">Loading services…</p>}
      {data && (
        <LogPane
          key={selected}
          services={selected === ALL ? names : [selected]}
          combined={selected === ALL}
          label={selected === ALL ? 'all services' : selected}
        />
      )}
    </div>
  );
}
