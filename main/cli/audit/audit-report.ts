import { z } from 'zod';
import { SeveritySchema } from '../../../shared/config/finding.ts';

// `stackdeck audit --json`: one document of this shape (a contract for scripts, as check's report is).
export const AUDIT_KINDS = ['read-not-declared', 'declared-not-read', 'set-not-used'] as const;

export const AuditFindingSchema = z.object({
  kind: z.enum(AUDIT_KINDS),
  severity: SeveritySchema,
  service: z.string().optional(),
  key: z.string(),
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  message: z.string(),
  suggestion: z.string(),
});
export type AuditFinding = z.infer<typeof AuditFindingSchema>;

export const AuditServiceSchema = z.object({
  name: z.string(),
  // Its cwd, or its env folder when it runs from the root: the code that is its own.
  codeFolder: z.string(),
  // Source files under its folder that the scan read: without any, or without a single read found in them,
  // "declared but never read" is not judged.
  codeFiles: z.number().int().min(0),
  readKeys: z.array(z.string()),
  declaredKeys: z.array(z.string()),
  findings: z.array(AuditFindingSchema),
});

export const AuditReportSchema = z.object({
  services: z.array(AuditServiceSchema),
  // Across services: values set in env files that nothing reads or declares.
  findings: z.array(AuditFindingSchema),
  counts: z.record(z.enum(AUDIT_KINDS), z.number().int().min(0)),
  scan: z.object({ filesRead: z.number().int().min(0), skipped: z.object({ tooLarge: z.number().int().min(0), overCap: z.number().int().min(0) }) }),
});
export type AuditReport = z.infer<typeof AuditReportSchema>;
