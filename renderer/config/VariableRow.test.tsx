// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { VariableReport } from '../../shared/config/report.ts';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { VariableRow } from './VariableRow.tsx';

const variable = (patch: Partial<VariableReport>): VariableReport => ({
  key: 'QUEUE_URL', value: null, secret: false, declared: true, source: null, shadowed: [], valid: true, ...patch,
});

function renderRow(report: VariableReport) {
  return renderWithEngine(<table><tbody><VariableRow service="api" variable={report} findings={[]} changed={false} onOverride={() => {}} /></tbody></table>);
}

const DB_URL: VariableReport = variable({
  key: 'DB_URL', value: 'postgresql://root:***@old-db:5432/legacy', source: { kind: 'file', file: 'api/.env', line: 6 },
  breaksWithout: 'nothing while the PG* components are set', requiredBy: [],
  effectiveUrl: {
    from: 'components', urlIgnored: true,
    components: [
      { role: 'host', key: 'PGHOST', source: { kind: 'file', file: 'api/.env.staging', line: 1 } },
      { role: 'port', key: 'PGPORT', source: null },
      { role: 'user', key: 'PGUSER', source: { kind: 'file', file: 'api/.env.staging', line: 3 } },
      { role: 'password', key: 'PGPASSWORD', source: { kind: 'os' } },
      { role: 'database', key: 'PGDATABASE', source: { kind: 'file', file: 'api/.env.staging', line: 5 } },
    ],
    drivers: [
      { driver: 'asyncpg', url: 'postgresql+asyncpg://app:***@db.internal:5432/orders?ssl=require' },
      { driver: 'libpq', url: 'postgresql://app:***@db.internal:5432/orders?sslmode=require' },
    ],
  },
});

describe('VariableRow: consequences', () => {
  it('says in the row what breaks without a missing variable, and in the chain which services require it', async () => {
    const { user } = renderRow(variable({ breaksWithout: 'jobs are never picked up', requiredBy: [{ service: 'api', profiles: ['staging', 'production'] }, { service: 'worker', profiles: ['development', 'test', 'staging', 'production'] }] }));
    const row = screen.getByRole('rowheader', { name: /QUEUE_URL/ });
    expect(row.textContent).toContain('without it: jobs are never picked up');
    expect(within(row).getByText('QUEUE_URL').getAttribute('title')).toBe('QUEUE_URL\nBreaks without it: jobs are never picked up');
    await user.click(screen.getByRole('button', { name: 'Show sources of QUEUE_URL' }));
    const consequences = screen.getByLabelText('What depends on QUEUE_URL');
    expect(consequences.tagName).toBe('DL');
    expect(consequences.textContent).toBe('Breaks without itjobs are never picked upRequired byapi in staging, production; worker in every profile');
  });

  it('keeps a set, valid variable\'s row quiet: its consequences are in the tooltip and the chain', async () => {
    const { user } = renderRow(variable({ value: 'amqp://q', source: { kind: 'file', file: 'api/.env', line: 1 }, breaksWithout: 'jobs are never picked up', requiredBy: [] }));
    expect(screen.getByRole('rowheader', { name: /QUEUE_URL/ }).textContent).not.toContain('without it');
    await user.click(screen.getByRole('button', { name: 'Show sources of QUEUE_URL' }));
    expect(screen.getByText('Breaks without it')).toBeTruthy();
    expect(screen.queryByText('Required by')).toBeNull();
  });

  it('shows the effective URL of a URL built from components: each driver\'s form, masked, and that the written URL is ignored', async () => {
    const { user } = renderRow(DB_URL);
    expect(screen.getByRole('rowheader', { name: /DB_URL/ }).textContent).toContain('ignored: the URL is built from PGHOST, PGUSER, PGPASSWORD, PGDATABASE');
    await user.click(screen.getByRole('button', { name: 'Show sources of DB_URL' }));
    const section = screen.getByRole('region', { name: 'Effective URL of DB_URL' });
    expect(section.textContent).toContain('built from PGHOST (api/.env.staging:1), PGUSER (api/.env.staging:3), PGPASSWORD (OS environment), PGDATABASE (api/.env.staging:5); DB_URL is ignored');
    expect(within(section).getByText('DB_URL ignored')).toBeTruthy();
    const drivers = within(section).getAllByRole('row').map((row) => row.textContent);
    expect(drivers).toEqual([
      'asyncpgpostgresql+asyncpg://app:***@db.internal:5432/orders?ssl=require',
      'psycopg/libpqpostgresql://app:***@db.internal:5432/orders?sslmode=require',
    ]);
  });
});
