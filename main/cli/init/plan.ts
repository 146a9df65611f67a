import { type z } from 'zod';
import { nearestFolderOf, scanCodeReadsWithStats, type CodeRead, type CodeReadScan } from '../../../shared/config/node/code-reads.ts';
import { meantKey } from '../../../shared/config/closest-key.ts';
import { serviceCodeDir } from '../../../shared/config/node/service-loaders.ts';
import { VariablesFileSchema, type VariablesFileInput } from '../../../shared/config/schema-file/variables-file.ts';
import { StackFileSchema } from '../../../shared/stack/stack-file-schema.ts';
import { COMPOSE_FILES, detectCompose } from './compose.ts';
import { declareVariable, emptyFacts, type KeyFacts } from './declare-variable.ts';
import type { DetectedService, Detection, SkippedService } from './detected.ts';
import { envSourceFile, envSourcesIn, type EnvSourceEntry } from './env-sources.ts';
import { detectGo } from './go.ts';
import { detectPackageJson } from './package-json.ts';
import { PROCFILE, detectProcfile } from './procfile.ts';
import { detectPython } from './python.ts';

export const VARIABLES_FILE = 'stackdeck.variables.json';

// What init looks for, in the order a source wins when two describe the same folder; said when nothing is found.
export const LOOKED_FOR = [
  `a compose file (${COMPOSE_FILES.join(', ')})`,
  `a ${PROCFILE}`,
  'package.json with a dev or start script (or workspaces that have one)',
  'a Python entry point (manage.py; main.py, app.py, server.py, asgi.py, wsgi.py, app/main.py with FastAPI, Flask or uvicorn.run)',
  'a Go module with main.go',
] as const;
const DETECTORS = [detectCompose, detectProcfile, detectPackageJson, detectPython, detectGo] as const;

export interface VariablesFilePlan {
  // Relative to the root: `<envDir>/stackdeck.variables.json`.
  path: string;
  services: string[];
  content: VariablesFileInput;
}

export interface InitPlan {
  stack: z.input<typeof StackFileSchema>;
  services: DetectedService[];
  skipped: SkippedService[];
  variablesFiles: VariablesFilePlan[];
  scan: Pick<CodeReadScan, 'filesRead' | 'skipped'>;
  // Keys read in code that sits under no service's folder (a shared library): declared nowhere.
  unownedReads: CodeRead[];
  // Keys an env file sets that the code never reads but nearly does (DATABSE_URL beside a read DATABASE_URL): left
  // undeclared, so that `check` questions them instead of the schema blessing a typo.
  suspectedTypos: SuspectedTypo[];
}

export interface SuspectedTypo {
  key: string;
  meant: string;
  file: string;
  line: number;
}

// Why: every detector's view merged into one stack (earlier sources win a folder), variables declared per env folder.
export async function planInit(root: string, name: string): Promise<InitPlan> {
  const detections = await Promise.all(DETECTORS.map((detect) => detect(root)));
  const { services, skipped } = mergeDetections(detections);
  const scan = await scanCodeReadsWithStats(root);
  const readsByService = assignReads(services, scan.reads);
  for (const service of services) {
    if (!service.port && readsByService.get(service)?.some((read) => read.key === 'PORT')) {
      service.port = { variable: 'PORT' };
      service.notes.push('port: PORT, which its code reads');
    }
  }
  const { files: variablesFiles, suspectedTypos } = await declareAll(root, services, readsByService);
  const stack = stackFileOf(name, services, variablesFiles);
  assertValid(stack, variablesFiles);
  const owned = new Set([...readsByService.values()].flat());
  return { stack, services, skipped, variablesFiles, scan: { filesRead: scan.filesRead, skipped: scan.skipped }, unownedReads: scan.reads.filter((read) => !owned.has(read)), suspectedTypos };
}

function mergeDetections(detections: readonly Detection[]): { services: DetectedService[]; skipped: SkippedService[] } {
  const services: DetectedService[] = [];
  const skipped = detections.flatMap((detection) => detection.skipped);
  for (const [index, detection] of detections.entries()) {
    for (const found of detection.services) {
      const sameFolder = services.filter((service) => service.cwd === found.cwd && !detections[index]?.services.includes(service));
      const waiting = sameFolder.find((service) => service.command === undefined);
      if (waiting && found.command) {
        waiting.command = found.command;
        waiting.envDialect ??= found.envDialect;
        waiting.port ??= found.port;
        waiting.notes.push(`command: from ${found.from}`, ...found.notes.filter((note) => !note.startsWith('command:')));
      } else if (sameFolder.length === 0) {
        services.push(found);
      }
    }
  }
  const runnable = services.filter((service) => {
    if (service.command) return true;
    skipped.push({ name: service.name, from: service.from, reason: `builds ${service.cwd} but has no command, and no program was recognised there: add its command by hand` });
    return false;
  });
  const names = new Set<string>();
  for (const service of runnable) {
    let name = service.name;
    for (let n = 2; names.has(name); n++) name = `${service.name}-${n}`;
    names.add(name);
    service.name = name;
  }
  for (const service of runnable) {
    const dropped = Object.keys(service.dependsOn).filter((dependency) => !names.has(dependency));
    service.dependsOn = Object.fromEntries(Object.entries(service.dependsOn).filter(([dependency]) => names.has(dependency)));
    for (const dependency of dropped) service.notes.push(`depends on ${dependency}, which Stackdeck does not start: dropped (start it yourself first)`);
  }
  return { services: runnable, skipped };
}

// Each read belongs to the service(s) whose own code folder holds the file most closely (the same folder `stackdeck env`
// scans for the service's loaders: its cwd, or its env folder when it runs from the root, as `python3 api/app.py` does).
function assignReads(services: readonly DetectedService[], reads: readonly CodeRead[]): Map<DetectedService, CodeRead[]> {
  const byService = new Map<DetectedService, CodeRead[]>(services.map((service) => [service, []]));
  const folders = services.map((service) => serviceCodeDir(service));
  for (const read of reads) {
    const folder = nearestFolderOf(read.file, folders);
    for (const holder of services) if (serviceCodeDir(holder) === folder) byService.get(holder)?.push(read);
  }
  return byService;
}

async function declareAll(root: string, services: readonly DetectedService[], readsByService: Map<DetectedService, CodeRead[]>): Promise<{ files: VariablesFilePlan[]; suspectedTypos: SuspectedTypo[] }> {
  const groups = new Map<string, DetectedService[]>();
  for (const service of services) groups.set(service.envDir, [...(groups.get(service.envDir) ?? []), service]);
  const rootEntries = await envSourcesIn(root, '.');
  const factsByGroup = new Map<string, Map<string, KeyFacts>>();
  const factsOf = (envDir: string, key: string): KeyFacts => {
    const group = factsByGroup.get(envDir) ?? new Map<string, KeyFacts>();
    factsByGroup.set(envDir, group);
    const facts = group.get(key) ?? emptyFacts();
    group.set(key, facts);
    return facts;
  };
  for (const [envDir, members] of groups) {
    for (const member of members) for (const read of readsByService.get(member) ?? []) factsOf(envDir, read.key).reads.push(read);
    const own: EnvSourceEntry[] = envDir === '.' ? rootEntries : await envSourcesIn(root, envDir);
    const named = members.flatMap((member) => member.envFiles).filter((file) => !own.some((entry) => entry.file === file));
    const fromCompose = (await Promise.all([...new Set(named)].map((file) => envSourceFile(root, file)))).flat();
    for (const entry of [...own, ...fromCompose]) factsOf(envDir, entry.key).entries.push(entry);
    for (const member of members) {
      for (const [key, value] of Object.entries(member.environment)) factsOf(envDir, key).composeValues.push({ value, from: member.from });
    }
  }
  // The root's env files reach every service: a key goes to the services whose code reads it, else to the root's own.
  if (!groups.has('.')) {
    const homeless = [...groups.keys()][0];
    for (const entry of rootEntries) {
      const readers = [...factsByGroup.entries()].filter(([, facts]) => (facts.get(entry.key)?.reads.length ?? 0) > 0).map(([envDir]) => envDir);
      for (const envDir of readers.length > 0 ? readers : homeless === undefined ? [] : [homeless]) factsOf(envDir, entry.key).entries.push(entry);
    }
  }
  const suspectedTypos: SuspectedTypo[] = [];
  const files = [...groups.entries()].map(([envDir, members]) => {
    const facts = factsByGroup.get(envDir) ?? new Map<string, KeyFacts>();
    const typos = likelyTypos(facts);
    suspectedTypos.push(...typos);
    const keys = [...facts.keys()].filter((key) => !typos.some((typo) => typo.key === key)).sort();
    return {
      path: envDir === '.' ? VARIABLES_FILE : `${envDir}/${VARIABLES_FILE}`,
      services: members.map((member) => member.name),
      content: { variables: Object.fromEntries(keys.map((key) => [key, declareVariable(key, facts.get(key) ?? emptyFacts())])) },
    };
  });
  return { files, suspectedTypos };
}

// Set in a real env file (not an example), read by no code of the group, yet one edit or one word away from a key that
// is read, and that key itself not set there: a misspelling to question, not a variable to declare.
function likelyTypos(facts: Map<string, KeyFacts>): SuspectedTypo[] {
  const readKeys = [...facts.entries()].filter(([, fact]) => fact.reads.length > 0).map(([key]) => key);
  if (readKeys.length === 0) return [];
  const setKeys = new Set([...facts.entries()].filter(([, fact]) => fact.entries.some((entry) => !entry.example)).map(([key]) => key));
  return [...facts.entries()].flatMap(([key, fact]): SuspectedTypo[] => {
    const entry = fact.entries.find((candidate) => !candidate.example);
    if (!entry || fact.reads.length > 0 || fact.composeValues.length > 0) return [];
    const meant = meantKey(key, readKeys);
    return meant && !setKeys.has(meant) ? [{ key, meant, file: entry.file, line: entry.line }] : [];
  });
}

function stackFileOf(name: string, services: readonly DetectedService[], files: readonly VariablesFilePlan[]): InitPlan['stack'] {
  return {
    name,
    services: Object.fromEntries(services.map((service) => [service.name, {
      command: service.command ?? [],
      ...(service.cwd === '.' ? {} : { cwd: service.cwd }),
      envDir: service.envDir,
      schema: files.find((file) => file.services.includes(service.name))?.path,
      ...(service.envDialect ? { envDialect: service.envDialect } : {}),
      ...(service.port ? { port: service.port } : {}),
      ...(Object.keys(service.dependsOn).length > 0 ? { dependsOn: service.dependsOn } : {}),
      ...(service.readiness ? { readiness: service.readiness } : {}),
      ...(service.healthCheck ? { healthCheck: service.healthCheck } : {}),
    }])),
  };
}

// What init writes must load: a failure here is init's own bug, named rather than written.
function assertValid(stack: InitPlan['stack'], files: readonly VariablesFilePlan[]): void {
  const parsed = StackFileSchema.safeParse(stack);
  if (!parsed.success) throw new Error(`init built an invalid stack file: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  for (const file of files) {
    const variables = VariablesFileSchema.safeParse(file.content);
    if (!variables.success) throw new Error(`init built an invalid ${file.path}: ${variables.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
}
