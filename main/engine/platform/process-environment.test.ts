import { describe, expect, it } from 'vitest';
import { environmentHas } from './process-environment.ts';
import { listenersForEachTest } from './testing/listeners.ts';

const startListener = listenersForEachTest();

describe('environmentHas', () => {
  it("is true for an entry of a process's environment and false for a near miss", async () => {
    const { pid } = await startListener('sh', ['-c', 'echo up 1; exec sleep 30'], /up (\d)/, { STACKDECK_RUN_ID: 'run-abc' });
    expect(await environmentHas(pid, 'STACKDECK_RUN_ID=run-abc', 'linux')).toBe(true);
    expect(await environmentHas(pid, 'STACKDECK_RUN_ID=run-ab', 'linux')).toBe(false);
  });

  it('is false for a pid that is gone, and where the OS cannot tell', async () => {
    expect(await environmentHas(2 ** 22 + 1, 'A=b', 'linux')).toBe(false);
    expect(await environmentHas(process.pid, 'PATH=x', 'win32')).toBe(false);
  });
});
