import { describe, expect, it } from 'vitest';
import { TOOLS, type ToolMap } from './mcp-tools.ts';
import { TOOL_INPUTS } from './tool-inputs.ts';

describe('the tool map', () => {
  it('defines exactly the tools that have an input schema, each described', () => {
    expect(Object.keys(TOOLS).sort()).toEqual(Object.keys(TOOL_INPUTS).sort());
    for (const tool of Object.values(TOOLS)) expect(tool.description.length).toBeGreaterThan(40);
  });

  it('does not compile without one of its tools (checked by tsc; the assignment runs harmlessly)', () => {
    const { list_services: omitted, ...others } = TOOLS;
    // @ts-expect-error list_services is missing: a map short of a tool is not a ToolMap.
    const incomplete: ToolMap = others;
    expect(Object.keys(incomplete)).not.toContain('list_services');
    expect(omitted.readOnly).toBe(true);
  });
});
