import type { EnvFileEntry } from '../env-file/parse-env-text.ts';
import type { EnvLoader } from '../env-loaders/env-loader.ts';
import type { Finding, RuleId, Severity } from '../finding.ts';
import type { CodeRead } from '../node/code-reads.ts';
import { isDeployedProfile, type Profile } from '../profile.ts';
import type { ResolvedService, ResolvedVariable } from '../resolve.ts';
import { baseName, describeSource } from '../source.ts';
import { baseEnvFileName } from '../stack.ts';

// An env file after reading: its entries and what reading it found wrong.
export interface EnvFileReport {
  path: string;
  scope: 'service' | 'stack';
  // The service a 'service' file belongs to.
  service?: string;
  exists: boolean;
  entries: readonly EnvFileEntry[];
  problems: readonly Finding[];
}

// What the stack file says that rules need: which variable carries a peer's URL, each service's port variable, and
// the severities a team has set per rule.
export interface StackFacts {
  peers: Readonly<Record<string, Readonly<Record<string, string>>>>;
  portVariables: Readonly<Record<string, string>>;
  ruleSeverities?: Readonly<Partial<Record<RuleId, Severity | 'off'>>>;
}

export interface ValidationContext {
  profile: Profile;
  stack?: StackFacts;
  services: readonly ResolvedService[];
  files: readonly EnvFileReport[];
  // How a path reads in messages and in a finding's `file` (relative to the user's cwd, say).
  displayPath: (path: string) => string;
  // Env loaders found in each service's own code (load_dotenv(override=True), ...), by service name.
  loaders?: Readonly<Record<string, readonly EnvLoader[]>>;
  // The env files those loaders name, as read.
  loaderFiles?: readonly EnvFileReport[];
  // Variables the launcher will set at start, by service (before a start their values are not known).
  launcherKeys?: Readonly<Record<string, readonly string[]>>;
  // Development files the profile does not read (.env and .env.local in staging and production), read only so a
  // finding can say which of them would have supplied a value that is now missing.
  ignoredFiles?: readonly EnvFileReport[];
  // The keys each schema-less service's own code reads (`file` a full path), by service name: what `unknown-key`
  // checks their env files against when no schema says what they read.
  codeReads?: Readonly<Record<string, readonly CodeRead[]>>;
}

export type Rule = (context: ValidationContext) => Finding[];

// Development and test warn; staging and production enforce.
export function severityFor(profile: Profile, local: Severity, deployed: Severity = 'error'): Severity {
  return isDeployedProfile(profile) ? deployed : local;
}

// The variable's own place, for a finding's file/line and for 'where' in messages.
export function locate(variable: ResolvedVariable, context: ValidationContext): { file?: string; line?: number; where: string } {
  const source = variable.source;
  if (!source) return { where: 'no source' };
  const file = source.kind === 'file' && source.file ? context.displayPath(source.file) : undefined;
  return { file, line: source.kind === 'file' ? source.line : undefined, where: describeSource(source, context.displayPath) };
}

// A variable "has a value" for validation when it is set to something other than the empty string.
export function isSet(variable: ResolvedVariable): variable is ResolvedVariable & { value: string } {
  return variable.value !== undefined && variable.value !== '';
}

// The service's least specific file the profile reads (.env; .env.<profile> in staging and production), for
// suggestions of where to put a value.
export function serviceFile(context: ValidationContext, service: string): string | undefined {
  const name = baseEnvFileName(context.profile);
  const file = context.files.find((candidate) => candidate.service === service && baseName(candidate.path) === name);
  return file ? context.displayPath(file.path) : undefined;
}
