import { useRef, useState } from 'react';
import type { ServiceStatus } from '../../shared/api/service-status.ts';
import type { ServiceReport, StackReport } from '../../shared/config/report.ts';
import { StaleBanner } from '../services/StaleBanner.tsx';
import { ConfigFilters } from './ConfigFilters.tsx';
import { filterVariables, findingsOfService, NO_FILTERS, type VariableFilters } from './config-model.ts';
import { FindingsList } from './FindingsList.tsx';
import { HealthScore } from './HealthScore.tsx';
import { OverrideForm } from './OverrideForm.tsx';
import { VariableTable } from './VariableTable.tsx';

export interface ServiceConfigProps {
  report: StackReport;
  service: ServiceReport;
  status: ServiceStatus | undefined;
  changed: ReadonlySet<string>;
}

// Why: one service's configuration: stale banner, override form, filtered table, and its findings beside it.
export function ServiceConfig({ report, service, status, changed }: ServiceConfigProps) {
  const [filters, setFilters] = useState<VariableFilters>(NO_FILTERS);
  const [overrideKey, setOverrideKey] = useState('');
  const valueInput = useRef<HTMLInputElement>(null);
  const findings = findingsOfService(report, service);
  const shown = filterVariables(service.variables, findings, filters);
  const startOverride = (key: string) => {
    setOverrideKey(key);
    valueInput.current?.focus();
  };
  return (
    <div className="service-config">
      <div className="service-config__main">
        <div className="service-config__head">
          <h3 className="section-title">{service.name}</h3>
          <HealthScore score={service.healthScore} label={`Health score of ${service.name}`} />
          <span className="muted">{service.variables.length} variables · {findings.length} findings</span>
        </div>
        {status && <StaleBanner status={status} />}
        <OverrideForm service={service.name} keys={service.variables.map((variable) => variable.key)} overrideKey={overrideKey} onKeyChange={setOverrideKey} valueInput={valueInput} />
        <ConfigFilters filters={filters} onChange={setFilters} shown={shown.length} total={service.variables.length} />
        <VariableTable service={service.name} variables={shown} findings={findings} changed={changed} total={service.variables.length} onOverride={startOverride} />
      </div>
      <aside className="service-config__aside">
        <FindingsList findings={findings} title={`Findings of ${service.name}`} />
      </aside>
    </div>
  );
}
