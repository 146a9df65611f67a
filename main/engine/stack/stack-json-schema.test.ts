import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILE_NAMES, jsonSchemaText } from './stack-json-schema.ts';

describe('the committed JSON Schemas', () => {
  it.each(JSON_SCHEMA_FILE_NAMES)('%s matches its zod schema (regenerate: node main/engine/stack/stack-json-schema.ts)', (name) => {
    expect(readFileSync(new URL(`../../../${name}`, import.meta.url), 'utf8')).toBe(jsonSchemaText(name));
  });

  it('describes services, their command and readiness for editor completion', () => {
    const schema = JSON.parse(jsonSchemaText('stackdeck.schema.json')) as { properties: { services: { additionalProperties: { properties: Record<string, unknown>; required: string[] } } } };
    const service = schema.properties.services.additionalProperties;
    expect(Object.keys(service.properties)).toEqual(expect.arrayContaining(['command', 'envDir', 'port', 'dependsOn', 'readiness', 'restart', 'schema', 'variables', 'agents']));
    expect(service.required).toEqual(expect.arrayContaining(['command', 'envDir']));
  });

  it('offers every value type of a variable declaration', () => {
    const text = jsonSchemaText('stackdeck.variables.schema.json');
    for (const type of ['string', 'integer', 'number', 'boolean', 'port', 'url', 'host', 'enum', 'duration', 'email', 'json']) expect(text).toContain(`"const": "${type}"`);
  });
});
