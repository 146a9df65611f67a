import type { StackFile } from '../../../shared/stack/stack-file-schema.ts';
import { startOrder } from '../../../shared/stack/stack-file-schema.ts';

// The services to start for one request, dependencies first (a service is never started before what it needs).
export function servicesToStart(stack: StackFile, requested?: string): string[] {
  const order = startOrder(stack);
  if (!requested) return order;
  const needed = new Set<string>();
  const add = (name: string) => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const dependency of Object.keys(stack.services[name]?.dependsOn ?? {})) add(dependency);
  };
  add(requested);
  return order.filter((name) => needed.has(name));
}

// Stop order: dependents before what they depend on.
export function servicesToStop(stack: StackFile, requested?: string): string[] {
  return requested ? [requested] : [...startOrder(stack)].reverse();
}
