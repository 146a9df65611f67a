// One listening TCP line of Windows' `netstat -ano`: the port and the owning pid.
export interface NetstatListener {
  address: string;
  port: number;
  pid: number;
}

// Why: Windows has neither /proc nor lsof; `netstat -ano` is on every machine. Its state column is translated
// (LISTENING, ABHÖREN, À_L'ÉCOUTE...), so a listener is told by its foreign address, which is 0.0.0.0:0 or [::]:0.
export function parseNetstatListen(text: string): NetstatListener[] {
  const listeners: NetstatListener[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (fields[0]?.toUpperCase() !== 'TCP' || fields.length < 5) continue;
    const [, local = '', foreign = ''] = fields;
    if (foreign !== '0.0.0.0:0' && foreign !== '[::]:0') continue;
    const colon = local.lastIndexOf(':');
    const port = Number(local.slice(colon + 1));
    const pid = Number(fields.at(-1));
    if (colon > 0 && Number.isInteger(port) && Number.isInteger(pid)) listeners.push({ address: local.slice(0, colon), port, pid });
  }
  return listeners;
}
