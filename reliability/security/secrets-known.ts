import { randomBytes } from 'node:crypto';

// The distinctive secret values a scan plants in the stack, by where they go. Fresh random tails each run, so nothing
// left over from an earlier run (or any other text) can be mistaken for a leak of this one.
export interface KnownSecrets {
  // Declared secrets of the schemas, in the services' own .env files.
  jwt: string;
  serviceSecret: string;
  oauthHmac: string;
  oauthGoogleDevelopment: string;
  secretKey: string;
  googleClientSecret: string;
  // In the stack root's .env: every service reads them (the schemaless leaker too).
  jwtShadowed: string;
  postgresPassword: string;
  redisPassword: string;
  // Passwords inside non-secret URLs of the backend.
  clickhousePassword: string;
  databaseUrlPassword: string;
  // The leaker's own token (secret by its name only: no schema declares it).
  leakerToken: string;
  // A line with no key, pasted into an env file by mistake: a dropped line whose text must not be quoted back.
  strayLine: string;
  // Set later: an override through the API, a rotated value written to a file while running.
  override: string;
  rotated: string;
  // CLI only (the launcher's own environment): a declared key from the OS, and a foreign credential no service declares.
  osGoogleClientSecret: string;
  osForeignCredential: string;
}

export type SecretName = keyof KnownSecrets;

// Why: each value is 40+ characters with a label no ordinary output contains, so any 12-character piece is evidence.
export function makeKnownSecrets(): KnownSecrets {
  const value = (label: string) => `s3cr3t-${label}-${randomBytes(18).toString('hex')}`;
  return {
    jwt: value('JWT'),
    serviceSecret: value('SVC'),
    oauthHmac: value('HMAC'),
    oauthGoogleDevelopment: value('OAUTHDEV'),
    // A base64-looking key: its URL-encoded form differs from the raw one.
    secretKey: `${value('KEY')}+b64/Zm9v=`,
    googleClientSecret: value('GCS'),
    jwtShadowed: value('JWTROOT'),
    postgresPassword: value('PG'),
    redisPassword: value('REDIS'),
    clickhousePassword: value('CH'),
    databaseUrlPassword: value('DBURL'),
    leakerToken: value('LEAKER'),
    strayLine: value('STRAY'),
    override: value('OVERRIDE'),
    rotated: value('ROTATED'),
    osGoogleClientSecret: value('OSENV'),
    osForeignCredential: value('AWSFOREIGN'),
  };
}
