import type { CommonServiceConfig } from '../common/common-config.ts';

// What auth's code reads of its configuration beyond the common variables, parsed by the types
// services/auth/stackdeck.variables.json declares.
export interface AuthConfig extends CommonServiceConfig {
  ACCESS_TOKEN_TTL_SECONDS?: number;
}
