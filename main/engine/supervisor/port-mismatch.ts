// Why: a service that ignores its port (python3 -m http.server, a hard-coded 3000) is reachable elsewhere than its
// peers and the dashboard think; say both ports and the fix, rather than "ready at" a port where nothing listens.
export function portMismatchWarning(allocated: number, listening: readonly number[], variable: string): string | null {
  if (listening.length === 0 || listening.includes(allocated)) return null;
  const elsewhere = listening.length === 1 ? `port ${listening[0]}` : `ports ${listening.join(', ')}`;
  return `it listens on ${elsewhere}, not on its allocated port ${allocated} (given in ${variable}): pass \${${variable}} in its command, or have it read ${variable}`;
}
