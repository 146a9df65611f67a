// Secrets by name, as Spring Boot's sanitiser does, but also catching names it misses.
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|CREDENTIAL|PRIVATE|(^|_)KEY$|APIKEY|(^|_)PWD$)/i;

export const MASK = '***';

// Why: an undeclared key has no schema flag, and its name is all we have to go on.
export function looksSecret(key: string): boolean {
  return SECRET_NAME.test(key);
}

// scheme://user:password@ and scheme://:password@ (redis), password possibly holding '/' or ':', and '@' unencoded: as
// URL parsers do, the authority ends at its last '@' (an '@' counts as password while another follows before a '/').
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]*):((?:[^\s@]|@(?=[^\s/?#]*@))+)@/gi;
const SECRET_QUERY_PARAMETER = /([?&;][^=&#\s]*(?:password|secret|token|key|credential|sig)[^=&#\s]*=)([^&#\s]+)/gi;

// Masks what a URL or connection string embeds: its password and secret-looking query parameters.
export function maskEmbeddedCredentials(text: string): string {
  return text
    .replace(URL_CREDENTIALS, (_, scheme: string, user: string) => `${scheme}${user}:${MASK}@`)
    .replace(SECRET_QUERY_PARAMETER, (_, name: string) => `${name}${MASK}`);
}

// Why: a service may print a URL it was given (a connection string); the launcher redacts from its logs exactly what
// maskEmbeddedCredentials would mask: each password (as written and decoded) and each secret query value.
export function embeddedCredentials(text: string): string[] {
  const found = [
    ...[...text.matchAll(URL_CREDENTIALS)].map((match) => match[3] ?? ''),
    ...[...text.matchAll(SECRET_QUERY_PARAMETER)].map((match) => match[2] ?? ''),
  ];
  return [...new Set(found.flatMap((value) => [value, decoded(value)]))].filter((value) => value !== '');
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// Why: one place decides what a value looks like in any output (UI, CLI, API, files).
export function maskValue(value: string, secret: boolean): string {
  if (secret) return value === '' ? '' : MASK;
  return maskEmbeddedCredentials(value);
}
