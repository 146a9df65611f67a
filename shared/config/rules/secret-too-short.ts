import { isSet, locate, severityFor, type Rule } from './context.ts';

// Signing keys under 32 characters can be brute-forced; tolerated while developing, refused when deployed.
export const secretTooShort: Rule = (context) =>
  context.services.flatMap((service) =>
    service.variables
      .filter((variable) => variable.spec?.minSecretLength && isSet(variable) && variable.value.length < variable.spec.minSecretLength)
      .map((variable) => {
        const place = locate(variable, context);
        const minimum = variable.spec?.minSecretLength ?? 32;
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
