import { describe, expect, it } from 'vitest';
import { escapeHtml, notBuiltPage } from './not-built-page.ts';

describe('notBuiltPage', () => {
  it('says the dashboard is not built, where it looked, and how to build it', () => {
    const page = notBuiltPage('/srv/stack/dist/renderer');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('not built');
    expect(page).toContain('/srv/stack/dist/renderer');
    expect(page).toContain('npx vite build');
    expect(page).not.toMatch(/<script/i);
  });

  it('says no folder was given when there is none', () => {
    expect(notBuiltPage(undefined)).toContain('without a dashboard folder');
  });

  it('escapes the folder name', () => {
    const page = notBuiltPage('/tmp/<script>alert("x")</script>');
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters and nothing else', () => {
    expect(escapeHtml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
    expect(escapeHtml('plain/text_é')).toBe('plain/text_é');
  });
});
