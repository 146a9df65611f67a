// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceBadge } from './SourceBadge.tsx';

afterEach(cleanup);

describe('SourceBadge', () => {
  it('names each kind of source, with file:line for files', () => {
    const text = (element: ReactElement) => render(element).container.textContent;
    expect(text(<SourceBadge source={{ kind: 'file', file: 'services/auth/.env', line: 3 }} />)).toBe('fileservices/auth/.env:3');
    expect(text(<SourceBadge source={{ kind: 'os' }} />)).toBe('OS env');
    expect(text(<SourceBadge source={{ kind: 'launcher' }} />)).toBe('launcher');
    expect(text(<SourceBadge source={{ kind: 'override' }} />)).toBe('override');
    expect(text(<SourceBadge source={{ kind: 'fallback', file: '.stackdeck/fallbacks.json' }} />)).toBe('fallback.stackdeck/fallbacks.json');
    expect(text(<SourceBadge source={{ kind: 'default' }} />)).toBe('default');
    expect(text(<SourceBadge source={null} />)).toBe('no source');
  });
});
