// Streams ~20 MB/s of coloured log lines (200 KB every 10 ms), the load the dashboard must stay responsive under.
// The block is built once: the generator's own CPU should not be what the benchmark measures on a small machine.
let block = '';
for (let n = 0; block.length < 200_000; n++) block += `\u001b[36m2026-11-23T12:00:00.000Z\u001b[0m worker ${n % 8} processed item ${n} ${'x'.repeat(120)}\n`;
setInterval(() => process.stdout.write(block), 10);
