export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

// Why: file events arrive when the OS delivers them; tests poll for the outcome with a deadline instead of sleeping.
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, options: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${options.timeoutMs ?? 5000} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
  }
}
