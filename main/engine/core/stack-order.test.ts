import { describe, expect, it } from 'vitest';
import { StackFileSchema } from '../../../shared/stack/stack-file-schema.ts';
import { servicesToStart, servicesToStop } from './stack-order.ts';

const service = (dependsOn: Record<string, 'started' | 'healthy'> = {}) => ({ command: ['x'], envDir: '.', dependsOn });
const stack = StackFileSchema.parse({ services: { web: service({ api: 'healthy' }), api: service({ auth: 'healthy', db: 'started' }), auth: service(), db: service(), lone: service() } });

describe('stack order', () => {
  it('starts everything dependencies first', () => {
    const order = servicesToStart(stack);
    for (const [name, spec] of Object.entries(stack.services)) {
      for (const dependency of Object.keys(spec.dependsOn)) expect(order.indexOf(dependency)).toBeLessThan(order.indexOf(name));
    }
    expect(order).toHaveLength(5);
  });

  it('starts one service with what it needs, and nothing else', () => {
    expect(servicesToStart(stack, 'api')).toEqual(['auth', 'db', 'api']);
    expect(servicesToStart(stack, 'lone')).toEqual(['lone']);
  });

  it('stops dependents before their dependencies, or just the one asked for', () => {
    const order = servicesToStop(stack);
    expect(order.indexOf('web')).toBeLessThan(order.indexOf('api'));
    expect(order.indexOf('api')).toBeLessThan(order.indexOf('auth'));
    expect(servicesToStop(stack, 'auth')).toEqual(['auth']);
  });
});
