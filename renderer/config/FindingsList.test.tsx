// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/config/finding.ts';
import { FindingsList } from './FindingsList.tsx';

afterEach(cleanup);

const findings: Finding[] = [
  { rule: 'fallback-used', severity: 'info', key: 'SECRET_KEY', message: 'generated fallback', suggestion: 'set it' },
  { rule: 'unknown-key', severity: 'warning', key: 'JWT_SECRT_KEY', message: 'not declared', suggestion: 'did you mean JWT_SECRET_KEY?', file: 'services/auth/.env', line: 12 },
  { rule: 'cross-service-mismatch', severity: 'error', services: ['auth', 'backend'], key: 'JWT_SECRET_KEY', message: 'differs', suggestion: 'set it once' },
];

describe('FindingsList', () => {
  it('lists errors first with rule, severity, message, suggestion and file:line, and counts by severity', () => {
    render(<FindingsList findings={findings} title="Findings of auth" />);
    const list = screen.getByRole('region', { name: 'Findings of auth' });
    const items = within(list).getAllByRole('listitem').map((item) => item.textContent);
    expect(items[0]).toBe('errorcross-service-mismatchJWT_SECRET_KEYauth ↔ backenddiffersset it once');
    expect(items[1]).toBe('warningunknown-keyJWT_SECRT_KEYnot declareddid you mean JWT_SECRET_KEY?services/auth/.env:12');
    expect(items[2]).toContain('fallback-used');
    expect(list.textContent).toContain('1 error');
    expect(list.textContent).toContain('1 warning');
    expect(list.textContent).toContain('1 info');
  });

  it('says so when there is nothing to fix', () => {
    render(<FindingsList findings={[]} />);
    expect(screen.getByText('No findings: every variable is valid.')).toBeTruthy();
  });
});
