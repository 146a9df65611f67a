import { describe, expect, it } from 'vitest';
import { describeRequirements, requirementsByKey } from './requirements.ts';
import { stackReport } from './report.ts';
import { stackFixture } from './testing/stack-fixture.ts';
import { validateStack } from './validate.ts';

describe('requirementsByKey', () => {
  it('names every service of the stack whose schema requires a key, with its profiles', () => {
    const context = stackFixture();
    const requirements = requirementsByKey(context.services);
    // Read from the schemas themselves, so the expectation follows the demo's files.
    for (const service of context.services) {
      for (const [key, spec] of Object.entries(service.schema?.variables ?? {})) {
        const entry = requirements.get(key)?.find((requirement) => requirement.service === service.service);
        expect(entry?.profiles ?? []).toEqual(spec.requiredIn);
      }
    }
    expect(requirements.get('JWT_SECRET_KEY')?.map((requirement) => requirement.service)).toEqual(['auth', 'backend']);
  });

  it("is carried by the report of every service, so one service's report names the others that need a key", () => {
    const context = stackFixture({ profile: 'staging' });
    const report = stackReport(context.profile, context.services, validateStack(context), String);
    const backend = report.services.find((service) => service.name === 'backend');
    const jwt = backend?.variables.find((variable) => variable.key === 'JWT_SECRET_KEY');
    expect(jwt?.requiredBy?.map((requirement) => requirement.service)).toEqual(['auth', 'backend']);
    expect(jwt?.breaksWithout).toBe(context.services[1]?.schema?.variables.JWT_SECRET_KEY?.breaksWithout);
    expect(jwt?.breaksWithout).toMatch(/\w/);
  });
});

describe('describeRequirements', () => {
  it('groups services that require a key in the same profiles', () => {
    expect(describeRequirements([
      { service: 'api', profiles: ['staging', 'production'] },
      { service: 'web', profiles: ['staging', 'production'] },
      { service: 'worker', profiles: ['development', 'test', 'staging', 'production'] },
    ])).toBe('api, web in staging, production; worker in every profile');
    expect(describeRequirements([])).toBe('no service requires it');
  });
});
