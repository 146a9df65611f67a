// bench/logs: the lines the generator writes, and the secret some of them print (the hub is told to redact it).
export const BENCH_SECRET = 'bench-secret-token-0123456789';

// About 1 MiB of distinct lines, written again and again.
export function buildBlock(): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let index = 0; size < 1024 * 1024; index++) {
    const line = index % 2
      ? `{"level":${[30, 30, 30, 40, 50, 20][index % 6]},"time":${1_700_000_000_000 + index},"pid":4242,"hostname":"bench","reqId":${index},"msg":"request completed"}\n`
      : `2025-01-01T00:00:00.000Z \u001b[32minfo\u001b[39m GET /api/items/${index} 200 in 12ms ${index % 50 === 0 ? `token=${BENCH_SECRET}` : 'user=alice'}\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join(''));
}


// How many bytes the generator writes for a target: whole blocks, then whole lines of one more block.
export function plannedBytes(total: number, block: Buffer): number {
  let planned = 0;
  while (planned < total) {
    let size = Math.min(block.length, total - planned);
    if (size < block.length) size = block.lastIndexOf(0x0a, size - 1) + 1;
    if (size === 0) break;
    planned += size;
  }
  return planned;
}
