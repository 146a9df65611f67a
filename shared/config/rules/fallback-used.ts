import { isRequired } from '../variable.ts';
import { severityFor, type Rule } from './context.ts';

// A value nobody chose: fine while developing, never acceptable for what a deployment depends on.
export const fallbackUsed: Rule = (context) =>
  context.services.flatMap((service) =>
    service.variables
      .filter((variable) => {
        if (!variable.spec || !variable.source) return false;
        if (variable.source.kind === 'fallback') return true;
        return variable.source.kind === 'default' && (isRequired(variable.spec, context.profile) || variable.spec.connection === true);
      })
      .map((variable) => {
        const generated = variable.source?.kind === 'fallback' && variable.source.file !== undefined;
        const what = variable.source?.kind === 'default' ? 'a hard-coded default' : generated ? 'a generated development fallback' : 'a development fallback';
        return {
          rule: 'fallback-used' as const,
          severity: severityFor(context.profile, 'info'),
          service: service.service,
          key: variable.key,
          message: `${variable.key} comes from ${what}${generated ? ' (shared by every service of this stack, kept across restarts)' : ''}`,
          suggestion: `Set ${variable.key} explicitly before this reaches staging or production`,
        };
      }),
  );
