import { compareFindings, type Finding } from './finding.ts';
import { healthScore, stackHealthScore } from './health-score.ts';
import type { Rule, ValidationContext } from './rules/context.ts';
import { crossServiceMismatch } from './rules/cross-service-mismatch.ts';
import { databaseUrlRules } from './rules/database-url.ts';
import { developmentFileIgnored } from './rules/development-file-ignored.ts';
import { envFileParse } from './rules/env-file-parse.ts';
import { fallbackUsed } from './rules/fallback-used.ts';
import { invalidValue } from './rules/invalid-value.ts';
import { loaderOverride } from './rules/loader-override.ts';
import { localhostInDeployedProfile } from './rules/localhost-in-deployed-profile.ts';
import { oauthNaming } from './rules/oauth-naming.ts';
import { portConflict } from './rules/port-conflict.ts';
import { requiredMissing } from './rules/required-missing.ts';
import { secretReused } from './rules/secret-reused.ts';
import { secretTooShort } from './rules/secret-too-short.ts';
import { tlsRequired } from './rules/tls-required.ts';
import { unknownKey } from './rules/unknown-key.ts';

const RULES: readonly Rule[] = [
  envFileParse, requiredMissing, invalidValue, secretTooShort, localhostInDeployedProfile, databaseUrlRules,
  fallbackUsed, unknownKey, oauthNaming, portConflict, crossServiceMismatch, tlsRequired, loaderOverride,
  developmentFileIgnored, secretReused,
];

export interface StackValidation {
  healthScore: number;
  services: { service: string; healthScore: number; findings: Finding[] }[];
  // Findings about the stack as a whole (they carry `services`, not `service`).
  findings: Finding[];
}

// Why: one pass of every rule, findings sorted and split by service, scores derived from them.
export function validateStack(context: ValidationContext): StackValidation {
  const all = withStackSeverities(RULES.flatMap((rule) => rule(context)), context).sort(compareFindings);
  const services = context.services.map(({ service }) => {
    const findings = all.filter((finding) => finding.service === service);
    return { service, healthScore: healthScore(findings), findings };
  });
  const findings = all.filter((finding) => finding.service === undefined);
  return { healthScore: stackHealthScore(services.map((service) => service.healthScore), findings), services, findings };
}

// A stack may turn a rule off or change its severity (stackdeck.json `rules`); what it says wins over the profile's.
function withStackSeverities(findings: Finding[], context: ValidationContext): Finding[] {
  return withRuleSeverities(findings, context.stack?.ruleSeverities);
}

// Why: findings made outside validation (a running service's) obey the stack's `rules` the same way.
export function withRuleSeverities(findings: Finding[], chosen: StackRuleSeverities | undefined): Finding[] {
  if (!chosen) return findings;
  return findings.flatMap((finding) => {
    const severity = chosen[finding.rule];
    if (severity === undefined) return [finding];
    return severity === 'off' ? [] : [{ ...finding, severity }];
  });
}

type StackRuleSeverities = NonNullable<NonNullable<ValidationContext['stack']>['ruleSeverities']>;
