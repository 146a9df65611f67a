// The launcher's own environment stays out of a child, but for what a process needs to run at all.
const SYSTEM_ALLOWLIST = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'TERM', 'COLORTERM', 'SHELL',
  // Windows needs these to start a process and find its profile.
  'SYSTEMROOT', 'SYSTEMDRIVE', 'WINDIR', 'COMSPEC', 'PATHEXT', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'PROGRAMDATA',
  'PROGRAMFILES', 'PROGRAMFILES(X86)', 'NUMBER_OF_PROCESSORS', 'PROCESSOR_ARCHITECTURE',
]);

export function isAllowedSystemVariable(key: string): boolean {
  const upper = key.toUpperCase();
  return SYSTEM_ALLOWLIST.has(upper) || upper.startsWith('LC_');
}

// Why: a child gets its resolved variables plus the system allowlist, and nothing else (no NODE_OPTIONS, no cloud credentials).
export function buildChildEnvironment(
  resolved: Readonly<Record<string, string>>,
  parentEnv: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(parentEnv)) {
    if (value !== undefined && isAllowedSystemVariable(key)) environment[key] = value;
  }
  return { ...environment, ...resolved };
}
