import { z } from 'zod';
import { DATABASE_DRIVERS } from '../database-url.ts';
import { ProfileSchema } from '../profile.ts';

// The declarative variable schema a team writes for a service, in any language, without TypeScript.
// One file per service (or inline in stackdeck.json); `extends` shares declarations between services.

export const VariableKeySchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'a variable name is letters, digits, _ . - and does not start with a digit');
const ProfileListSchema = z.array(ProfileSchema).describe('Profiles: development, test, staging, production');
const positiveInt = z.number().int().positive();
const SchemeSchema = z.string().regex(/^[a-z][a-z0-9+.-]*$/, 'a scheme is lower-case, without ://');

export const VALUE_TYPES = ['string', 'integer', 'number', 'boolean', 'port', 'url', 'host', 'enum', 'duration', 'email', 'json'] as const;

// What every variable may say about itself, whatever its type.
const VariableMetaShape = {
  description: z.string().optional().describe('What the variable is for'),
  breaksWithout: z.string().optional().describe('What stops working when it is missing or wrong'),
  required: z.union([z.boolean(), ProfileListSchema]).default(false).describe('true: in every profile; or the profiles that require it'),
  secret: z.boolean().optional().describe('Masked everywhere; when absent, decided by the name (SECRET, PASSWORD, TOKEN, KEY, ...)'),
  default: z.string().optional().describe('The value when nothing sets it (as the service itself defaults it)'),
  defaultFrom: z.enum(['profile', 'service']).optional().describe("The default is the resolved profile's or the service's name"),
  fallback: z.union([
    z.object({ value: z.string() }).strict(),
    z.object({ generate: z.number().int().min(8).max(512).describe('Length of a random secret, made once and shared by every service that declares this key') }).strict(),
  ]).optional().describe('Development and test only: a literal value, or a generated secret'),
  deprecated: z.union([
    z.literal(true),
    z.object({ replacedBy: z.array(VariableKeySchema).optional(), message: z.string().optional() }).strict(),
  ]).optional().describe('Still read, but should be replaced'),
  onlyIn: ProfileListSchema.optional().describe('The service reads this variable only in these profiles (a per-profile name such as CLIENT_ID_STAGING)'),
  aliases: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.{}-]*$/, 'an alias is a variable name; {PROFILE} stands for the profile in capitals')).optional().describe('Other names that carry the same value (e.g. OAuth dual naming; {PROFILE} stands for the profile in capitals, {PROFILE_SHORT} for DEV, TEST, STAGING or PROD); a value set only under an alias is a finding'),
  mustMatchAcrossServices: z.boolean().optional().describe('Every service that declares this key, or a variable it is an alias of, must have the same value'),
  notLocalhostIn: ProfileListSchema.optional().describe('Profiles where a host or URL may not point at this machine'),
  minSecretLength: z.union([positiveInt, z.partialRecord(ProfileSchema, positiveInt)]).optional().describe('Shortest acceptable secret, in every profile or per profile'),
  tlsRequiredIn: ProfileListSchema.optional().describe('Profiles where a URL must use TLS (https, rediss, sslmode=require or stricter)'),
  connection: z.boolean().optional().describe('A connection setting: a default or fallback supplying it is an error in staging and production'),
  notNeededWhen: z.object({
    variable: VariableKeySchema,
    startsWith: z.string(),
    reason: z.string(),
  }).strict().optional().describe('Not required when another variable starts with a prefix (a port for a unix socket)'),
  preferComponents: z.array(VariableKeySchema).optional().describe('Setting this whole value directly is a finding (database-url-direct): the listed components should be set instead. Five database components, in the order host, port, user, password, database, also show the URL built from them per driver, and say when this one is ignored or disagrees'),
  sslParamsFor: z.enum([...DATABASE_DRIVERS, 'from-scheme']).optional().describe("Check SSL query parameters against the database driver that reads this URL ('from-scheme': named by postgresql+DRIVER://) (ssl-param-conflict)"),
  atMostHalfOf: VariableKeySchema.optional().describe('An interval that must stay at most half of another variable (a heartbeat and its timeout)'),
} as const;

const bounds = { min: z.number().optional(), max: z.number().optional() };

export const VariableDeclarationSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('string'),
    pattern: z.string().optional().describe('A regular expression the whole value must match'),
    patternHint: z.string().optional().describe('Said when the pattern does not match, e.g. "a lower-case name"'),
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().positive().optional(),
    ...VariableMetaShape,
  }).strict(),
  z.object({ type: z.literal('integer'), ...bounds, ...VariableMetaShape }).strict(),
  z.object({ type: z.literal('number'), ...bounds, ...VariableMetaShape }).strict(),
  z.object({ type: z.literal('duration'), ...bounds, ...VariableMetaShape }).strict().describe('Seconds, may be fractional'),
  z.object({ type: z.literal('boolean'), ...VariableMetaShape }).strict(),
  z.object({ type: z.literal('port'), ...VariableMetaShape }).strict(),
  z.object({ type: z.literal('host'), ...VariableMetaShape }).strict(),
  z.object({ type: z.literal('email'), ...VariableMetaShape }).strict(),
  z.object({ type: z.literal('json'), ...VariableMetaShape }).strict(),
  z.object({
    type: z.literal('url'),
    schemes: z.array(SchemeSchema).min(1).default(['http', 'https']),
    schemesOnlyIn: z.record(SchemeSchema, ProfileListSchema).optional().describe('Schemes accepted only in some profiles, e.g. {"sqlite": ["test"]} for an in-memory test database'),
    ...VariableMetaShape,
  }).strict(),
  z.object({
    type: z.literal('enum'),
    values: z.array(z.string()).min(1, 'an enum needs at least one value'),
    ...VariableMetaShape,
  }).strict(),
]);
export type VariableDeclaration = z.output<typeof VariableDeclarationSchema>;
export type VariableDeclarationInput = z.input<typeof VariableDeclarationSchema>;

export const VariablesFileSchema = z.object({
  $schema: z.string().optional(),
  extends: z.array(z.string().min(1)).optional().describe('Other variables files (relative to this one) whose declarations this one starts from'),
  variables: z.record(VariableKeySchema, VariableDeclarationSchema).default({}),
}).strict();
export type VariablesFile = z.output<typeof VariablesFileSchema>;
export type VariablesFileInput = z.input<typeof VariablesFileSchema>;
