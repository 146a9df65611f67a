import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StackFileSchema, findCycle, startOrder } from './stack-file-schema.ts';

type Graph = Record<string, string[]>;

const service = (dependsOn: string[] = []) => ({
  command: ['node', 'main.js'],
  envDir: '.',
  dependsOn: Object.fromEntries(dependsOn.map((name, index) => [name, index % 2 === 0 ? 'healthy' : 'started'])),
});
const stackOf = (graph: Graph) => ({ services: Object.fromEntries(Object.entries(graph).map(([name, dependencies]) => [name, service(dependencies)])) });

// Random acyclic dependency graphs: distinct valid service names, each depending only on names earlier in a hidden
// topological order, written to the file in another (shuffled) order.
const acyclicGraph: fc.Arbitrary<Graph> = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), { minLength: 1, maxLength: 9 })
  .chain((names) => fc.tuple(
    fc.tuple(...names.map((_, index) => fc.subarray(names.slice(0, index)))),
    fc.shuffledSubarray(names, { minLength: names.length, maxLength: names.length }),
  ).map(([dependencies, fileOrder]) => {
    const byName = new Map(names.map((name, index) => [name, dependencies[index] ?? []]));
    return Object.fromEntries(fileOrder.map((name) => [name, byName.get(name) ?? []]));
  }));

// The same with a cycle of two or more services added (a -> b -> ... -> a).
const cyclicGraph: fc.Arbitrary<{ graph: Graph; added: string[] }> = acyclicGraph
  .filter((graph) => Object.keys(graph).length >= 2)
  .chain((graph) => fc.shuffledSubarray(Object.keys(graph), { minLength: 2 }).map((added) => {
    const withCycle: Graph = Object.fromEntries(Object.entries(graph).map(([name, dependencies]) => [name, [...dependencies]]));
    added.forEach((name, index) => {
      const next = added[(index + 1) % added.length] ?? name;
      if (!withCycle[name]?.includes(next)) withCycle[name]?.push(next);
    });
    return { graph: withCycle, added };
  }));

// A reported cycle is a real one: a closed path along dependsOn edges.
function expectRealCycle(cycle: string[], graph: Graph): void {
  expect(cycle.length).toBeGreaterThanOrEqual(2);
  expect(cycle[0]).toBe(cycle.at(-1));
  for (let index = 0; index + 1 < cycle.length; index += 1) {
    expect(graph[cycle[index] ?? '']).toContain(cycle[index + 1]);
  }
}

describe('findCycle', () => {
  it('finds none in graphs without a cycle', () => {
    expect(findCycle({})).toBeUndefined();
    expect(findCycle({ auth: [], backend: ['auth'] })).toBeUndefined();
    expect(findCycle({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] })).toBeUndefined();
  });

  it('returns the cycle as a closed path', () => {
    expect(findCycle({ a: ['b'], b: ['a'] })).toEqual(['a', 'b', 'a']);
    expect(findCycle({ a: ['a'] })).toEqual(['a', 'a']);
    expect(findCycle({ web: ['api'], api: ['db'], db: ['cache'], cache: ['api'] })).toEqual(['api', 'db', 'cache', 'api']);
  });

  it('ignores edges to names that are not in the graph (the schema reports those)', () => {
    expect(findCycle({ a: ['missing'], b: ['a'] })).toBeUndefined();
  });

  it('finds none in any random acyclic graph, and a real cycle once one is added', () => {
    fc.assert(fc.property(acyclicGraph, (graph) => {
      expect(findCycle(graph)).toBeUndefined();
    }));
    fc.assert(fc.property(cyclicGraph, ({ graph }) => {
      const cycle = findCycle(graph);
      expect(cycle).toBeDefined();
      expectRealCycle(cycle ?? [], graph);
    }));
  });

  // Regression: `next in edges` also saw Object.prototype members such as constructor.
  it("ignores a dependency named like an Object.prototype member ('constructor') that is not in the graph", () => {
    expect(findCycle({ api: ['constructor'] })).toBeUndefined();
  });
});

describe('StackFileSchema refuses cycles', () => {
  it('refuses a two-service cycle, naming it', () => {
    const result = StackFileSchema.safeParse(stackOf({ auth: ['backend'], backend: ['auth'] }));
    expect(result.success).toBe(false);
    expect(result.error?.issues).toContainEqual(expect.objectContaining({ path: ['services', 'auth'], message: 'dependsOn forms a cycle: auth -> backend -> auth' }));
  });

  it('refuses a service that depends on itself', () => {
    const messages = StackFileSchema.safeParse(stackOf({ api: ['api'] })).error?.issues.map((issue) => issue.message);
    expect(messages).toEqual(expect.arrayContaining(['a service cannot depend on itself', 'dependsOn forms a cycle: api -> api']));
  });

  it('refuses every random graph with a cycle, with a message naming a real cycle', () => {
    fc.assert(fc.property(cyclicGraph, ({ graph }) => {
      const result = StackFileSchema.safeParse(stackOf(graph));
      expect(result.success).toBe(false);
      const issue = result.error?.issues.find((candidate) => candidate.message.startsWith('dependsOn forms a cycle: '));
      expect(issue).toBeDefined();
      const cycle = issue?.message.slice('dependsOn forms a cycle: '.length).split(' -> ') ?? [];
      expectRealCycle(cycle, graph);
      expect(issue?.path).toEqual(['services', cycle[0]]);
    }));
  });

  it('accepts every random acyclic graph', () => {
    fc.assert(fc.property(acyclicGraph, (graph) => {
      expect(StackFileSchema.safeParse(stackOf(graph)).success).toBe(true);
    }));
  });

  // Regression: the same, through the schema: it threw instead of naming the missing service.
  it("reports a dependency on a missing service named 'constructor' instead of throwing", () => {
    const result = StackFileSchema.safeParse(stackOf({ api: ['constructor'] }));
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(["no service 'constructor' in this stack (services: api)"]);
  });
});

describe('startOrder', () => {
  it('starts a dependency first whatever the order in the file', () => {
    expect(startOrder(StackFileSchema.parse(stackOf({ backend: ['auth'], auth: [] })))).toEqual(['auth', 'backend']);
  });

  it('keeps the file order of services that do not depend on each other', () => {
    expect(startOrder(StackFileSchema.parse(stackOf({ web: [], worker: [], api: [] })))).toEqual(['web', 'worker', 'api']);
    expect(startOrder(StackFileSchema.parse(stackOf({ web: ['db'], api: ['db'], db: [] })))).toEqual(['db', 'web', 'api']);
  });

  it('places every service once, after all of its dependencies, for random acyclic graphs', () => {
    fc.assert(fc.property(acyclicGraph, (graph) => {
      const order = startOrder(StackFileSchema.parse(stackOf(graph)));
      expect([...order].sort()).toEqual(Object.keys(graph).sort());
      for (const [name, dependencies] of Object.entries(graph)) {
        for (const dependency of dependencies) expect(order.indexOf(dependency)).toBeLessThan(order.indexOf(name));
      }
    }));
  });
});
