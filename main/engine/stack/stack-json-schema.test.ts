import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stackJsonSchema } from './stack-json-schema.ts';

describe('stackJsonSchema', () => {
  it('matches the committed stackdeck.schema.json (regenerate: node main/engine/stack/stack-json-schema.ts > stackdeck.schema.json)', () => {
    expect(readFileSync(new URL('../../../stackdeck.schema.json', import.meta.url), 'utf8')).toBe(stackJsonSchema());
  });

  it('describes services, their command and readiness for editor completion', () => {
    const schema = JSON.parse(stackJsonSchema()) as { properties: { services: { additionalProperties: { properties: Record<string, unknown>; required: string[] } } } };
    const service = schema.properties.services.additionalProperties;
    expect(Object.keys(service.properties)).toEqual(expect.arrayContaining(['command', 'envDir', 'port', 'dependsOn', 'readiness', 'restart']));
    expect(service.required).toEqual(expect.arrayContaining(['command', 'envDir']));
  });
});
