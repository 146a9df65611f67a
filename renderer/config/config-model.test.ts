import { describe, expect, it } from 'vitest';
import { demoStackReport } from '../testing/fixtures.ts';
import { canReveal, filterVariables, findingsOfKey, findingsOfService, NO_FILTERS, variableStatus } from './config-model.ts';
import { crossServiceRows } from './cross-service.ts';

const report = demoStackReport();
const auth = report.services.find((service) => service.name === 'auth');
const backend = report.services.find((service) => service.name === 'backend');
if (!auth || !backend) throw new Error('fixture');
const keys = (variables: { key: string }[]) => variables.map((variable) => variable.key);

describe('the configuration table model', () => {
  it('gives a service the stack\'s cross-service findings that name it', () => {
    expect(findingsOfService(report, auth).map((finding) => finding.rule)).toContain('cross-service-mismatch');
  });

  it('says the worst thing known about a variable, with its rule', () => {
    const findings = findingsOfService(report, backend);
    const of = (key: string) => {
      const variable = backend.variables.find((candidate) => candidate.key === key);
      if (!variable) throw new Error(key);
      return variableStatus(variable, findingsOfKey(findings, key));
    };
    expect(of('MAX_CONCURRENT_AGENTS')).toEqual({ tone: 'danger', text: 'error', rule: 'invalid-value' });
    expect(of('DATABASE_URL')).toEqual({ tone: 'warn', text: 'warning', rule: 'database-url-direct' });
    expect(of('CLICKHOUSE_URL')).toEqual({ tone: 'neutral', text: 'not set', rule: null });
    expect(of('SECRET_KEY')).toEqual({ tone: 'info', text: 'info', rule: 'fallback-used' });
    expect(of('PORT')).toEqual({ tone: 'ok', text: 'valid', rule: null });
  });

  it('filters by problems, by source kind and by text (key, value or source)', () => {
    const findings = findingsOfService(report, backend);
    expect(keys(filterVariables(backend.variables, findings, { ...NO_FILTERS, problemsOnly: true }))).toEqual(['JWT_SECRET_KEY', 'DATABASE_URL', 'GOOGLE_CLIENT_ID', 'MAX_CONCURRENT_AGENTS']);
    expect(keys(filterVariables(backend.variables, findings, { ...NO_FILTERS, source: 'launcher' }))).toEqual(['PORT', 'AUTH_SERVICE_URL']);
    expect(keys(filterVariables(backend.variables, findings, { ...NO_FILTERS, source: 'unset' }))).toEqual(['CLICKHOUSE_URL', 'GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET']);
    expect(keys(filterVariables(backend.variables, findings, { ...NO_FILTERS, text: 'backend/.env:9' }))).toEqual(['MAX_CONCURRENT_AGENTS']);
    expect(keys(filterVariables(backend.variables, findings, { ...NO_FILTERS, text: 'heartbeat' }))).toEqual(['AGENT_HEARTBEAT_INTERVAL', 'AGENT_HEARTBEAT_TIMEOUT']);
  });

  it('offers Reveal only where something is masked', () => {
    const variable = (key: string) => {
      const found = backend.variables.find((candidate) => candidate.key === key);
      if (!found) throw new Error(key);
      return found;
    };
    expect(canReveal(variable('JWT_SECRET_KEY'))).toBe(true);
    expect(canReveal(variable('DATABASE_URL'))).toBe(true);
    expect(canReveal(variable('PORT'))).toBe(false);
    expect(canReveal(variable('GOOGLE_CLIENT_SECRET'))).toBe(false);
  });
});

describe('crossServiceRows', () => {
  it('puts keys the mismatch rule flagged first, without comparing masked values itself', () => {
    const rows = crossServiceRows(report);
    expect(rows[0]).toMatchObject({ key: 'JWT_SECRET_KEY', mismatch: true, agreement: 'mismatch' });
    const of = (key: string) => rows.find((row) => row.key === key)?.agreement;
    expect(of('POSTGRES_HOST')).toBe('same');
    expect(of('PORT')).toBe('differs');
    expect(of('SERVICE_SECRET')).toBe('unchecked');
    expect(rows.some((row) => row.key === 'SECRET_KEY')).toBe(false);
  });
});
