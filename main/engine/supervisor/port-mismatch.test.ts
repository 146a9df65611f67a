import { describe, expect, it } from 'vitest';
import { portMismatchFinding, portMismatchWarning } from './port-mismatch.ts';

describe('portMismatchFinding', () => {
  it('names both ports and the fix when the service listens elsewhere', () => {
    expect(portMismatchFinding('api', 9200, [8000], 'PORT')).toEqual({
      rule: 'port-mismatch', severity: 'warning', service: 'api', key: 'PORT',
      message: 'it listens on port 8000, not on its allocated port 9200 (given in PORT)',
      suggestion: 'pass ${PORT} in its command, or have it read PORT',
    });
    expect(portMismatchWarning(portMismatchFinding('api', 9200, [8000, 9229], 'HTTP_PORT'))).toBe('it listens on ports 8000, 9229, not on its allocated port 9200 (given in HTTP_PORT): pass ${HTTP_PORT} in its command, or have it read HTTP_PORT');
  });

  it('is silent when it listens on its port (other ports too), or on nothing yet', () => {
    expect(portMismatchFinding('api', 9200, [9200, 9229], 'PORT')).toBeNull();
    expect(portMismatchFinding('api', 9200, [], 'PORT')).toBeNull();
    expect(portMismatchWarning(null)).toBeNull();
  });
});
