import { baseEnvFileName } from '../stack.ts';
import { isRequired } from '../variable.ts';
import { isSet, serviceFile, type Rule } from './context.ts';

// A required variable without a value breaks the service: say what breaks and where to set it.
export const requiredMissing: Rule = (context) =>
  context.services.flatMap((service) =>
    service.variables
      .filter((variable) => variable.spec && isRequired(variable.spec, context.profile) && !isSet(variable))
      .filter((variable) => !variable.spec?.notNeededWhen?.((key) => service.variables.find((other) => other.key === key)?.value))
      .map((variable) => {
        const empty = variable.value === '' && variable.source
          ? ` (it is set to an empty value${variable.source.kind === 'file' && variable.source.file ? ` at ${context.displayPath(variable.source.file)}:${variable.source.line}` : ''})`
          : '';
        const where = serviceFile(context, service.service) ?? `the ${service.service} service's ${baseEnvFileName(context.profile)}`;
        return {
          rule: 'required-missing' as const,
          severity: 'error' as const,
          service: service.service,
          key: variable.key,
          message: `${variable.key} is required in ${context.profile} but has no value${empty}. Without it: ${variable.spec?.breaksWithout}`,
          suggestion: `Set ${variable.key} in ${where} or in the environment`,
          ...(variable.source?.kind === 'file' && variable.source.file
            ? { file: context.displayPath(variable.source.file), line: variable.source.line }
            : {}),
        };
      }),
  );
