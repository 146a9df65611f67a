import type { ServiceSchema } from '../variable.ts';
import { authSchema } from './auth.ts';
import { backendSchema } from './backend.ts';

export { authSchema } from './auth.ts';
export { backendSchema } from './backend.ts';

// The schemas a stack may name; a service without one is resolved but not validated by type.
export const SERVICE_SCHEMAS: Record<string, ServiceSchema> = {
  auth: authSchema,
  backend: backendSchema,
};
