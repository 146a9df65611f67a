import { minSecretLengthIn } from '../variable.ts';
import { isSet, locate, severityFor, type Rule } from './context.ts';

// Short signing keys can be brute-forced; tolerated while developing, refused when deployed. The schema sets the length.
export const secretTooShort: Rule = (context) =>
  context.services.flatMap((service) =>
    service.variables
      .filter((variable) => variable.spec && isSet(variable) && variable.value.length < (minSecretLengthIn(variable.spec, context.profile) ?? 0))
      .map((variable) => {
        const place = locate(variable, context);
        const minimum = variable.spec ? minSecretLengthIn(variable.spec, context.profile) : undefined;
        return {
          rule: 'secret-too-short' as const,
          severity: severityFor(context.profile, 'warning'),
          service: service.service,
          key: variable.key,
          file: place.file,
          line: place.line,
          message: `${variable.key} from ${place.where} is ${variable.value?.length} characters long; secrets need at least ${minimum}`,
          suggestion: `Generate a longer one, e.g. \`openssl rand -base64 48\`, and set it for every service that shares it`,
        };
      }),
  );
