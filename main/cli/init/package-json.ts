import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { z } from 'zod';
import { candidateDirs } from './candidate-dirs.ts';
import { relativeDir, serviceNameFrom, type DetectedService, type Detection, type EnvDialect } from './detected.ts';

const PackageJsonSchema = z.looseObject({
  name: z.string().optional(),
  scripts: z.record(z.string(), z.string()).optional(),
  workspaces: z.union([z.array(z.string()), z.looseObject({ packages: z.array(z.string()).optional() })]).optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  devDependencies: z.record(z.string(), z.string()).optional(),
});
type PackageJson = z.infer<typeof PackageJsonSchema>;

// Why: a Node project (or each workspace of a monorepo, or each service folder) says how it runs in its `dev` or `start` script.
export async function detectPackageJson(root: string): Promise<Detection> {
  const rootPackage = await readPackage(join(root, 'package.json'));
  const runner = packageRunner(root);
  const patterns = Array.isArray(rootPackage?.workspaces) ? rootPackage.workspaces : rootPackage?.workspaces?.packages ?? [];
  if (patterns.length === 0) return withoutWorkspaces(root, rootPackage, runner);
  const detection: Detection = { services: [], skipped: [] };
  for (const dir of await expandWorkspaces(root, patterns)) {
    const manifest = await readPackage(join(root, dir, 'package.json'));
    if (!manifest) continue;
    const service = nodeService(dir, manifest, runner, serviceNameFrom(posix.basename(dir)));
    if (service) detection.services.push(service);
    else detection.skipped.push({ name: posix.basename(dir), from: `${dir}/package.json`, reason: 'no dev or start script (a library?)' });
  }
  return detection;
}

// No workspaces: the root's own script, and any folder one or two down with a package.json of its own (services/api).
async function withoutWorkspaces(root: string, rootPackage: PackageJson | undefined, runner: string): Promise<Detection> {
  const services: DetectedService[] = [];
  const rootService = rootPackage && nodeService('.', rootPackage, runner, serviceNameFrom(rootPackage.name ?? posix.basename(root)));
  if (rootService) services.push(rootService);
  for (const dir of (await candidateDirs(root)).filter((candidate) => candidate !== '.')) {
    const manifest = await readPackage(join(root, dir, 'package.json'));
    const service = manifest && nodeService(dir, manifest, runner, serviceNameFrom(posix.basename(dir)));
    if (service) services.push(service);
  }
  return { services, skipped: [] };
}

function nodeService(dir: string, manifest: PackageJson, runner: string, name: string): DetectedService | undefined {
  const script = ['dev', 'start'].find((candidate) => manifest.scripts?.[candidate]);
  if (!script) return undefined;
  const body = manifest.scripts?.[script] ?? '';
  const dependencies = { ...manifest.dependencies, ...manifest.devDependencies };
  const service: DetectedService = {
    name, from: `${dir === '.' ? '' : `${dir}/`}package.json (${script}: ${body})`, command: [runner, 'run', script], cwd: dir, envDir: dir,
    dependsOn: {}, envFiles: [], environment: {}, notes: [], envDialect: nodeDialect(body, dependencies),
  };
  const flagPort = /(?:--port|-p)[= ](\d{1,5})\b/.exec(body)?.[1];
  if (flagPort) {
    service.port = { variable: 'PORT', preferred: Number(flagPort), ifTaken: 'fail' };
    service.notes.push(`port: ${flagPort}, fixed by its ${script} script (a taken port is an error)`);
  } else if (/\bnext\b/.test(body) || 'next' in dependencies) {
    service.port = { variable: 'PORT', preferred: 3000 };
    service.notes.push('port: PORT, which Next.js reads (3000 preferred)');
  }
  return service;
}

function nodeDialect(script: string, dependencies: Record<string, string>): EnvDialect {
  if (/\b(next|vite|nuxt|astro)\b/.test(script) || ['next', 'vite', 'nuxt', 'astro', 'dotenv-expand'].some((name) => name in dependencies)) return 'dotenv-expand';
  return 'node-dotenv';
}

// The package manager the repository uses, by its lock file.
function packageRunner(root: string): string {
  if (existsSync(join(root, 'pnpm-lock.yaml'))) return 'pnpm';
  if (existsSync(join(root, 'yarn.lock'))) return 'yarn';
  if (existsSync(join(root, 'bun.lockb')) || existsSync(join(root, 'bun.lock'))) return 'bun';
  return 'npm';
}

// Workspace patterns as npm reads the common ones: `apps/*`, `packages/**` (one level here) and plain folders; `!x` excludes.
async function expandWorkspaces(root: string, patterns: readonly string[]): Promise<string[]> {
  const excluded = new Set(patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => relativeDir(pattern.slice(1))));
  const dirs: string[] = [];
  for (const pattern of patterns.filter((candidate) => !candidate.startsWith('!'))) {
    const wildcard = /^(.*?)\/\*\*?$/.exec(pattern);
    if (!wildcard) {
      dirs.push(relativeDir(pattern));
      continue;
    }
    const parent = relativeDir(wildcard[1] ?? '.');
    try {
      const entries = await readdir(join(root, parent), { withFileTypes: true });
      for (const entry of entries.filter((candidate) => candidate.isDirectory() && !candidate.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name))) {
        dirs.push(parent === '.' ? entry.name : `${parent}/${entry.name}`);
      }
    } catch {
      // A pattern naming no folder adds nothing, as npm does.
    }
  }
  return [...new Set(dirs)].filter((dir) => !excluded.has(dir));
}

async function readPackage(path: string): Promise<PackageJson | undefined> {
  try {
    const parsed = PackageJsonSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
