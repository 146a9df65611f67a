// `.env` itself or `.env.<anything>`: the names the resolver reads for every profile, and their siblings.
const ENV_FILE_NAME = /^\.env(\..+)?$/;

// Why: the watcher reacts to env files only, whatever the profile, so a profile switch needs no new watch.
export function isEnvFileName(name: string): boolean {
  return ENV_FILE_NAME.test(name);
}
