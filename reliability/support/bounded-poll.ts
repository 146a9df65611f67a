// Polls until probe gives a value or the deadline passes; gives undefined on timeout instead of throwing, so a
// scenario can count a failure (a survivor, a stale file) rather than stop at the first one.
export async function pollUntil<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, everyMs = 20): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
