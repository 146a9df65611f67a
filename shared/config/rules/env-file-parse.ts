import type { Rule } from './context.ts';

// What reading a file found: malformed lines, surprising dotenv semantics, files that cannot be read.
export const envFileParse: Rule = (context) =>
  context.files.flatMap((file) =>
    file.problems.map((problem) => ({
      ...problem,
      ...(file.service ? { service: file.service } : { services: context.services.map((service) => service.service) }),
      file: context.displayPath(file.path),
    })),
  );
