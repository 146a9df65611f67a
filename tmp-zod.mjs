const t0 = performance.now();
const { z } = await import('zod');
const t1 = performance.now();
if (process.env.JITLESS) z.config({ jitless: true });
const S = z.object({ a: z.string(), b: z.number().optional(), c: z.array(z.object({ d: z.string() })) });
const t2 = performance.now();
S.parse({ a: 'x', c: [{ d: 'y' }] });
const t3 = performance.now();
console.log(`boot ${t0.toFixed(0)} zod import ${(t1 - t0).toFixed(1)} build ${(t2 - t1).toFixed(1)} first parse ${(t3 - t2).toFixed(1)}`);
