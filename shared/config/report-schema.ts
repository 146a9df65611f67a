import { z } from 'zod';
import { FindingSchema } from './finding.ts';
import { ProfileSchema } from './profile.ts';
import { EnvReferenceSchema } from './env-file/reference.ts';
import { RequirementSchema } from './requirements.ts';
import { EffectiveDatabaseUrlSchema } from './service-database-url.ts';
import { SourceSchema } from './source.ts';

// Present only when an env-file dialect expanded the value: what was written (masked like the value) and its references.
const ExpansionShape = {
  raw: z.string().optional(),
  references: z.array(EnvReferenceSchema).optional(),
};

// The JSON every output shares (`check --json`, `env --json`, the engine API): values already masked.
export const VariableReportSchema = z.object({
  key: z.string(),
  value: z.string().nullable(),
  secret: z.boolean(),
  declared: z.boolean(),
  description: z.string().optional(),
  // What stops working without it (the schema's breaksWithout), and the services of the stack that require it.
  breaksWithout: z.string().optional(),
  requiredBy: z.array(RequirementSchema).optional(),
  // A URL its schema builds from components: the URL the service really connects with, per driver.
  effectiveUrl: EffectiveDatabaseUrlSchema.optional(),
  source: SourceSchema.nullable(),
  ...ExpansionShape,
  shadowed: z.array(z.object({ value: z.string(), source: SourceSchema, ...ExpansionShape })),
  valid: z.boolean(),
});
export type VariableReport = z.infer<typeof VariableReportSchema>;

export const ServiceReportSchema = z.object({
  name: z.string(),
  healthScore: z.number().int().min(0).max(100),
  variables: z.array(VariableReportSchema),
  findings: z.array(FindingSchema),
});
export type ServiceReport = z.infer<typeof ServiceReportSchema>;

export const StackReportSchema = z.object({
  profile: ProfileSchema,
  healthScore: z.number().int().min(0).max(100),
  services: z.array(ServiceReportSchema),
  findings: z.array(FindingSchema),
});
export type StackReport = z.infer<typeof StackReportSchema>;

// What `check --baseline FILE` adds to the report: the findings that are new since FILE, and those gone.
export const BaselineComparisonSchema = z.object({
  added: z.array(FindingSchema),
  fixed: z.array(FindingSchema),
});
export type BaselineComparison = z.infer<typeof BaselineComparisonSchema>;
