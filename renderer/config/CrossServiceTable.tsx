import { useState } from 'react';
import type { StackReport } from '../../shared/config/report.ts';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { crossServiceRows, type CrossServiceRow } from './cross-service.ts';
import { SourceBadge } from './SourceBadge.tsx';

const AGREEMENT: Record<CrossServiceRow['agreement'], { text: string; title: string }> = {
  mismatch: { text: 'mismatch', title: 'the engine found different values where they must agree (cross-service-mismatch)' },
  same: { text: 'same', title: 'the same value in every service' },
  differs: { text: 'differs', title: 'different values; that is expected for keys such as PORT or a service\'s own name' },
  unchecked: { text: 'no mismatch reported', title: 'masked values are compared by the engine, which reports a mismatch only for keys that must agree' },
};

// Why: one key across services, side by side, without revealing a single value.
export function CrossServiceTable({ report }: { report: StackReport }) {
  const [text, setText] = useState('');
  const [mismatchesOnly, setMismatchesOnly] = useState(false);
  const query = text.trim().toLowerCase();
  const rows = crossServiceRows(report).filter((row) => (!mismatchesOnly || row.mismatch) && (query === '' || row.key.toLowerCase().includes(query)));
  return (
    <section className="cross" aria-label="Across services">
      <div className="filters">
        <input type="search" className="input input--search" placeholder="Filter keys" aria-label="Filter keys" data-search value={text} onChange={(event) => setText(event.target.value)} />
        <label className="checkbox">
          <input type="checkbox" checked={mismatchesOnly} onChange={(event) => setMismatchesOnly(event.target.checked)} />
          Only mismatches
        </label>
      </div>
      <div className="table-wrap">
        <table className="table cross__table" aria-label="Keys shared by several services">
          <thead>
            <tr>
              <th scope="col">Key</th>
              {report.services.map((service) => <th key={service.name} scope="col">{service.name}</th>)}
              <th scope="col">Agreement</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className={row.mismatch ? 'cross__row cross__row--mismatch' : 'cross__row'}>
                <th scope="row"><code>{row.key}</code></th>
                {row.cells.map((cell, index) => (
                  <td key={report.services[index]?.name ?? index}>
                    {cell === null ? <span className="muted">—</span> : (
                      <span className="cross__cell">
                        <code className="value">{cell.value ?? 'not set'}</code>
                        <SourceBadge source={cell.source} />
                      </span>
                    )}
                  </td>
                ))}
                <td title={AGREEMENT[row.agreement].title}>
                  {row.agreement === 'mismatch' ? <StatusBadge tone="danger" strong>mismatch</StatusBadge>
                    : row.agreement === 'same' ? <StatusBadge tone="ok">same</StatusBadge>
                      : <span className="muted">{AGREEMENT[row.agreement].text}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="empty">{mismatchesOnly ? 'No mismatches: every key that must agree does.' : 'No key is shared by two services.'}</p>}
      </div>
    </section>
  );
}
