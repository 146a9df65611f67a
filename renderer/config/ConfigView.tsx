import { useState } from 'react';
import { recentlyChangedKeys } from '../data/live-config-changes.ts';
import { useChangeLog, useStackReport, useStackState } from '../data/engine-queries.ts';
import { useConfigChanges } from '../data/use-live-data.ts';
import { useNow } from '../data/use-now.ts';
import { Segmented, type SegmentOption } from '../ui/Segmented.tsx';
import { ChangeLogPanel } from './ChangeLogPanel.tsx';
import { CrossServiceTable } from './CrossServiceTable.tsx';
import { FindingsList } from './FindingsList.tsx';
import { HealthScore } from './HealthScore.tsx';
import { ProfileSwitcher } from './ProfileSwitcher.tsx';
import { ScoreChip } from './ScoreChip.tsx';
import { ServiceConfig } from './ServiceConfig.tsx';

const ACROSS = '*across*';
// The scope that shows the session's change log instead of a service.
export const CHANGE_LOG_SCOPE = '*changes*';
// How long a row stays highlighted after an env file change touched it.
const HIGHLIGHT_MS = 10_000;

export interface ConfigViewProps {
  // Given by the shell, so a notice elsewhere can open the change log; without it the view keeps its own choice.
  scope?: string | null;
  onScopeChange?(scope: string): void;
}

// Why: the answer to "which source set this variable?", per service or across services, live as files change.
export function ConfigView(props: ConfigViewProps = {}) {
  const { data: report, isPending, isError, refetch } = useStackReport();
  const { data: stack } = useStackState();
  const changes = useConfigChanges();
  // Tick only while a highlight is still fading; the table is not re-rendered every second for nothing.
  const lastChange = changes.at(-1)?.receivedAt ?? 0;
  const now = useNow(1_000, Date.now() - lastChange <= HIGHLIGHT_MS + 1_000);
  const { data: changeLog } = useChangeLog();
  const [ownScope, setOwnScope] = useState<string | null>(null);
  const scope = props.onScopeChange ? props.scope ?? null : ownScope;
  const setScope = props.onScopeChange ?? setOwnScope;
  const unseen = changeLog?.entries.filter((entry) => !entry.seen).length ?? 0;
  const changed = recentlyChangedKeys(changes, now, HIGHLIGHT_MS);

  if (isPending) return <div className="view"><p className="empty">Loading the configuration…</p></div>;
  if (isError || !report) {
    return (
      <div className="view">
        <p className="empty">The configuration could not be loaded. <button type="button" className="button button--small" onClick={() => void refetch()}>Try again</button></p>
      </div>
    );
  }

  const options: SegmentOption<string>[] = [
    ...report.services.map((service) => ({ value: service.name, label: service.name, adornment: <ScoreChip score={service.healthScore} /> })),
    { value: ACROSS, label: 'Across services' },
    { value: CHANGE_LOG_SCOPE, label: 'Change log', adornment: unseen > 0 ? <span className="score-chip score-chip--danger" aria-hidden="true" title={`${unseen} unseen`}>{unseen}</span> : undefined },
  ];
  const selected = scope !== null && options.some((option) => option.value === scope) ? scope : (options[0]?.value ?? ACROSS);
  const service = report.services.find((candidate) => candidate.name === selected);

  return (
    <div className="view config-view">
      <div className="toolbar">
        <h2 className="view-title">Configuration</h2>
        <ProfileSwitcher profile={report.profile} />
        <HealthScore score={report.healthScore} label="Health score of the stack" />
        <div className="toolbar__end">
          <Segmented label="Service" options={options} value={selected} onChange={setScope} />
        </div>
      </div>
      {report.services.length === 0 && <p className="empty">This stack declares no services.</p>}
      {service && <ServiceConfig key={service.name} report={report} service={service} status={stack?.services.find((status) => status.name === service.name)} changed={changed} />}
      {selected === ACROSS && (
        <div className="service-config">
          <div className="service-config__main"><CrossServiceTable report={report} /></div>
          <aside className="service-config__aside"><FindingsList findings={report.findings} title="Cross-service findings" emptyText="No cross-service findings." /></aside>
        </div>
      )}
      {selected === CHANGE_LOG_SCOPE && <ChangeLogPanel />}
    </div>
  );
}
