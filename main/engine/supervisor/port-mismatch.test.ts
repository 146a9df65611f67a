import { describe, expect, it } from 'vitest';
import { portMismatchWarning } from './port-mismatch.ts';

describe('portMismatchWarning', () => {
  it('names both ports and the fix when the service listens elsewhere', () => {
    expect(portMismatchWarning(9200, [8000], 'PORT')).toBe('it listens on port 8000, not on its allocated port 9200 (given in PORT): pass ${PORT} in its command, or have it read PORT');
    expect(portMismatchWarning(9200, [8000, 9229], 'HTTP_PORT')).toBe('it listens on ports 8000, 9229, not on its allocated port 9200 (given in HTTP_PORT): pass ${HTTP_PORT} in its command, or have it read HTTP_PORT');
  });

  it('is silent when it listens on its port (other ports too), or on nothing yet', () => {
    expect(portMismatchWarning(9200, [9200, 9229], 'PORT')).toBeNull();
    expect(portMismatchWarning(9200, [], 'PORT')).toBeNull();
  });
});
