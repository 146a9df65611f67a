import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { STACK_FILE } from '../../engine/stack/load-stack-file.ts';
import { parseFlags } from '../flags.ts';
import { InitInputError } from '../init/init-input-error.ts';
import { LOOKED_FOR, planInit, type InitPlan } from '../init/plan.ts';
import { serviceNameFrom } from '../init/detected.ts';
import { UsageError, painter, type CliIo } from '../io.ts';

// `stackdeck init`: a stackdeck.json and one variables file per env folder, from what the repository already says.
export async function initCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args);
  if (positionals.length > 0) throw new UsageError(`init takes no arguments (got '${positionals[0]}'); use --root DIR for another folder`);
  const root = resolve(io.cwd, flags.root ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--root ${flags.root ?? '.'}: no such directory`);
  if (existsSync(join(root, STACK_FILE)) && !flags.force) {
    throw new UsageError(`${join(root, STACK_FILE)} already exists; init does not overwrite it (--force does, with its variables files)`);
  }
  let plan: InitPlan;
  try {
    plan = await planInit(root, serviceNameFrom(basename(root)));
  } catch (error) {
    if (error instanceof InitInputError) throw new UsageError(error.message);
    throw error;
  }
  if (plan.services.length === 0) {
    const skipped = plan.skipped.map((item) => `\n  skipped ${item.name} (${item.from}): ${item.reason}`).join('');
    throw new UsageError(`nothing to run was recognised in ${root}. init looked for:\n${LOOKED_FOR.map((item) => `  - ${item}`).join('\n')}${skipped}\nWrite ${STACK_FILE} by hand (see README) or add one of these.`);
  }
  const targets = [STACK_FILE, ...plan.variablesFiles.map((file) => file.path)];
  const existing = targets.filter((target) => target !== STACK_FILE && existsSync(join(root, target)));
  if (existing.length > 0 && !flags.force) throw new UsageError(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; init does not overwrite (--force does)`);

  io.stdout(summary(plan, root, io.color));
  if (!flags.yes && io.confirm && !(await io.confirm(`Write ${targets.join(', ')}?`))) {
    io.stdout('Nothing written.\n');
    return 0;
  }
  await writeJson(join(root, STACK_FILE), plan.stack);
  for (const file of plan.variablesFiles) await writeJson(join(root, file.path), file.content);
  io.stdout(`wrote ${targets.join(', ')}\nnext: stackdeck check (is every value right?), stackdeck audit (is every variable declared and used?)\n`);
  return 0;
}

async function writeJson(path: string, content: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(content, null, 2)}\n`);
}

// One line per service and per kind of guess, so a person can judge them before trusting the files.
function summary(plan: InitPlan, root: string, color: boolean): string {
  const paint = painter(color);
  const width = Math.max(...plan.services.map((service) => service.name.length));
  let out = `${paint('bold', `found ${plan.services.length} service${plan.services.length === 1 ? '' : 's'}`)} in ${root}\n`;
  for (const service of plan.services) {
    const spec = plan.stack.services[service.name];
    const file = plan.variablesFiles.find((candidate) => candidate.services.includes(service.name));
    const count = Object.keys(file?.content.variables ?? {}).length;
    out += `  ${paint('bold', service.name.padEnd(width))}  ${shellLine(spec?.command ?? [])}  ${paint('dim', `cwd ${service.cwd}, from ${service.from}, ${spec?.envDialect ?? 'node-dotenv'}, ${count} variable${count === 1 ? '' : 's'}`)}\n`;
  }
  for (const item of plan.skipped) out += `  ${paint('yellow', 'skipped')} ${item.name} (${item.from}): ${item.reason}\n`;
  out += `${paint('bold', 'guessed')} (check these):\n`;
  for (const service of plan.services) for (const note of service.notes) out += `  ${service.name}: ${note}\n`;
  const declarations = plan.variablesFiles.flatMap((file) => Object.entries(file.content.variables ?? {}));
  const byType = new Map<string, number>();
  for (const [, declaration] of declarations) byType.set(declaration.type, (byType.get(declaration.type) ?? 0) + 1);
  out += `  types: ${[...byType.entries()].map(([type, n]) => `${n} ${type}`).join(', ') || 'none'} (from example values and names)\n`;
  const keysWhere = (test: (declaration: (typeof declarations)[number][1]) => boolean) => [...new Set(declarations.filter(([, declaration]) => test(declaration)).map(([key]) => key))];
  const list = (keys: string[]) => (keys.length === 0 ? 'none' : keys.length > 12 ? `${keys.slice(0, 12).join(', ')} and ${keys.length - 12} more` : keys.join(', '));
  out += `  secret (by name): ${list(keysWhere((declaration) => declaration.secret === true))}\n`;
  out += `  required (in an example file, no default in code): ${list(keysWhere((declaration) => declaration.required === true))}\n`;
  out += `  default (written in code or compose): ${list(keysWhere((declaration) => declaration.default !== undefined))}\n`;
  const skippedFiles = plan.scan.skipped.tooLarge + plan.scan.skipped.overCap;
  out += `  code: ${plan.scan.filesRead} source files read${skippedFiles > 0 ? `, ${plan.scan.skipped.tooLarge} over 1 MiB and ${plan.scan.skipped.overCap} past the file cap skipped` : ''}\n`;
  for (const typo of plan.suspectedTypos) {
    out += `  ${paint('yellow', 'not declared')}: ${typo.key} (${typo.file}:${typo.line}) looks like ${typo.meant}, which the code reads; \`check\` will ask about it until the name is fixed\n`;
  }
  if (plan.unownedReads.length > 0) {
    const keys = [...new Set(plan.unownedReads.map((read) => read.key))];
    out += `  ${paint('yellow', 'not declared')}: ${list(keys)}: read in code under no service's folder (first at ${plan.unownedReads[0]?.file}:${plan.unownedReads[0]?.line})\n`;
  }
  return out;
}

// Stackdeck substitutes ${NAME} in an argument itself, so a reference reads as written rather than quoted.
function shellLine(command: readonly string[]): string {
  return command.map((arg) => (/^(?:[\w@%+=:,./-]|\$\{\w+\})+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' ');
}
