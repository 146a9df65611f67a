import type { Severity } from '../../shared/config/finding.ts';
import type { Tone } from '../ui/StatusBadge.tsx';

// Why: severities keep one colour across findings, rows and crash panels.
export const SEVERITY_TONE: Record<Severity, Tone> = { error: 'danger', warning: 'warn', info: 'info' };
