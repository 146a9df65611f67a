import { z } from 'zod';
import { backoffDelay, type BackoffOptions } from '../../common/backoff.ts';
import { isDeployedProfile, type Profile } from '../profile.ts';

// How hard `check --connect` tries each target: one attempt's time limit, how many retries, and the back-off between.
export const ConnectPolicySchema = z.object({
  timeoutMs: z.number().int().positive(),
  retries: z.number().int().min(0),
});
export type ConnectPolicy = z.infer<typeof ConnectPolicySchema>;

// Seed 004 section 4.2: local development 5 s timeout and 3 retries; staging and production 10 s and 5 retries
// (their infrastructure, a VPC connector and Cloud SQL, answers slower). The test profile runs on a developer's machine.
const SEED_POLICY: Record<'local' | 'deployed', ConnectPolicy> = {
  local: { timeoutMs: 5_000, retries: 3 },
  deployed: { timeoutMs: 10_000, retries: 5 },
};

// Why: one place says what each profile waits for, and a user (or a test) may shorten either number.
export function connectPolicyFor(profile: Profile, override: Partial<ConnectPolicy> = {}): ConnectPolicy {
  const seed = SEED_POLICY[isDeployedProfile(profile) ? 'deployed' : 'local'];
  return { timeoutMs: override.timeoutMs ?? seed.timeoutMs, retries: override.retries ?? seed.retries };
}

// The back-off scales with the attempt's time limit: a tenth of it first, doubling, never longer than one attempt
// ("infrastructure-aware delays": a slower environment is given longer to recover between tries).
export function backoffOf(policy: ConnectPolicy): BackoffOptions {
  return { initialMs: Math.max(1, Math.round(policy.timeoutMs / 10)), maxMs: policy.timeoutMs, factor: 2, jitter: 0.2 };
}

// Why: the waits before each retry, as a list a test can read without waiting them; retry 0 is the first retry.
export function retryDelays(policy: ConnectPolicy, random: () => number = Math.random): number[] {
  const backoff = backoffOf(policy);
  return Array.from({ length: policy.retries }, (_, retry) => backoffDelay(retry, backoff, random));
}

// Why: the longest one target can take (every attempt timing out, every wait at its longest), which bounds the run.
export function worstCaseMs(policy: ConnectPolicy): number {
  const waits = retryDelays(policy, () => 0).reduce((sum, delay) => sum + delay, 0);
  return (policy.retries + 1) * policy.timeoutMs + waits;
}
