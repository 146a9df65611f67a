// Streams ~20 MB/s of coloured log lines (200 KB every 10 ms), the load the dashboard must stay responsive under.
const line = (n) => `\u001b[36m${new Date().toISOString()}\u001b[0m worker ${n % 8} processed item ${n} ${'x'.repeat(120)}\n`;
let n = 0;
setInterval(() => {
  let block = '';
  while (block.length < 200_000) block += line(n++);
  process.stdout.write(block);
}, 10);
