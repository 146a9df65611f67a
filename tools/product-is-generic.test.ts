import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StackFileSchema } from '../shared/stack/stack-file-schema.ts';

// The product is for any team's repository: nothing in it may name the demo stack's services or variables.
// The demo's names come from the demo itself (stackdeck.json and the variables files), so a variable added
// to the demo is checked without touching this test.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRODUCT_FOLDERS = ['main', 'shared', 'renderer'];
const SOURCE_EXTENSIONS = /\.(ts|tsx|js|cjs|mjs|json|html|css)$/;
// Tests, fixtures and test doubles may use the demo: they prove the product against it.
const NOT_PRODUCT = /(^|\/)(testing|fixtures?|node_modules|dist)\/|\.test\.tsx?$|^renderer\/dev\//;

// Names every stack uses, which the demo happens to declare too: naming them is not naming the demo.
const GENERIC_VARIABLES = new Map<string, string>([
  ['PORT', 'the port a service listens on, in any stack'],
  ['HOST', 'the address a service binds, in any stack'],
  ['LOG_LEVEL', 'a log level, in any stack'],
  ['ENVIRONMENT', 'the variable the product reads the profile from (shared/config/profile.ts)'],
  ['NODE_ENV', 'Node convention'],
  ['DATABASE_URL', 'the de-facto name for a database URL (Heroku, Prisma, Rails, Django): generic, not Netra'],
  ['SECRET_KEY', "Django's and Flask's name for the signing key: generic"],
]);

// Lines that must name a demo word, each with its reason. Matched by file and a fragment of the line.
const ALLOWED: { file: string; fragment: string; reason: string }[] = [
  {
    file: 'main/engine/agents/agent-monitor.ts',
    fragment: "'/auth/dev/login'",
    reason: 'the dev-login endpoint of the agents protocol a stack opts into with `agents.loginFrom` (documented in stack-file-schema.ts)',
  },
  {
    file: 'shared/stack/stack-file-schema.ts',
    fragment: 'POST /auth/dev/login',
    reason: 'documents the agents protocol endpoint above',
  },
];

function demoNames(): { services: string[]; variables: string[] } {
  const stack = StackFileSchema.parse(JSON.parse(readFileSync(join(ROOT, 'stackdeck.json'), 'utf8')));
  const files = [join(ROOT, 'services/common.variables.json'), ...Object.values(stack.services).flatMap((spec) => spec.schema && spec.schema.endsWith('.json') ? [join(ROOT, spec.schema)] : [])];
  const variables = files.flatMap((file) => Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { variables: Record<string, unknown> }).variables));
  return { services: Object.keys(stack.services), variables: [...new Set(variables)].filter((key) => !GENERIC_VARIABLES.has(key)) };
}

function productFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && SOURCE_EXTENSIONS.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter((file) => !NOT_PRODUCT.test(file));
}

describe('the product is generic', () => {
  it('names no demo service or demo variable outside services/, tests and the demo stack file', () => {
    const { services, variables } = demoNames();
    expect(services.length).toBeGreaterThan(0);
    expect(variables.length).toBeGreaterThan(10);
    // Whole words: `backend` and `auth` but not `authorization`; POSTGRES_HOST but not MY_POSTGRES_HOST_X.
    const word = new RegExp(`(?<![A-Za-z0-9_-])(${[...services, ...variables].join('|')})(?![A-Za-z0-9_])`);
    const hits: string[] = [];
    const used = new Set<number>();
    const files = PRODUCT_FOLDERS.flatMap((folder) => productFiles(join(ROOT, folder)));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      readFileSync(join(ROOT, file), 'utf8').split('\n').forEach((line, index) => {
        const found = word.exec(line);
        if (!found) return;
        const allowed = ALLOWED.findIndex((entry) => entry.file === file && line.includes(entry.fragment));
        if (allowed >= 0) return void used.add(allowed);
        hits.push(`${file}:${index + 1}: names the demo's ${found[1]}: ${line.trim()}`);
      });
    }
    expect(hits, hits.join('\n')).toEqual([]);
    // An allowlist entry that no longer matches anything is stale: remove it.
    expect(ALLOWED.filter((_, index) => !used.has(index)).map((entry) => entry.file)).toEqual([]);
  });
});
