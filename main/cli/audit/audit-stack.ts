import { join } from 'node:path';
import { isAllowedSystemVariable } from '../../../shared/config/child-env.ts';
import { nearestFolderOf, type CodeRead, type CodeReadScan } from '../../../shared/config/node/code-reads.ts';
import type { StackInspection } from '../../../shared/config/node/inspect-stack.ts';
import { serviceCodeDir } from '../../../shared/config/node/service-loaders.ts';
import type { StackFile } from '../../../shared/stack/stack-file-schema.ts';
import { AUDIT_KINDS, type AuditFinding, type AuditReport } from './audit-report.ts';
import type { DeclaredKey } from './declared-keys.ts';

export interface AuditInput {
  root: string;
  stack: StackFile;
  inspection: StackInspection;
  scan: CodeReadScan;
  // Per service: keys its variables file declares (with file:line), beside those of a named schema in the inspection.
  declaredInFiles: Record<string, DeclaredKey[]>;
  displayPath: (path: string) => string;
}

// Why: what the code reads, what the stack declares and what the env files set should be the same keys; audit lists
// where they part: read but declared nowhere, declared but never read, set but used by nothing.
export function auditStack(input: AuditInput): AuditReport {
  const { root, stack, inspection, scan, displayPath } = input;
  const names = Object.keys(stack.services);
  // Where a service's code is: its cwd, or its env folder when it runs from the root (`node services/api/main.ts`).
  const codeFolderOf = (name: string) => {
    const spec = stack.services[name];
    return spec ? serviceCodeDir(spec) : '.';
  };
  const folders = names.map(codeFolderOf);
  const show = (file: string) => displayPath(join(root, file));
  const ownerFolder = (file: string) => nearestFolderOf(file, folders);

  const declaredBy = new Map<string, Map<string, DeclaredKey>>();
  for (const name of names) {
    const resolved = inspection.services.find((service) => service.service === name);
    const keys = new Map<string, DeclaredKey>(Object.keys(resolved?.schema?.variables ?? {}).map((key) => [key, { key }]));
    for (const declared of input.declaredInFiles[name] ?? []) keys.set(declared.key, declared);
    declaredBy.set(name, keys);
  }
  const declaringServices = (key: string) => names.filter((name) => declaredBy.get(name)?.has(key));

  const services: AuditReport['services'] = names.map((name) => {
    const spec = stack.services[name];
    const cwd = codeFolderOf(name);
    const reads = scan.reads.filter((read) => ownerFolder(read.file) === cwd);
    const codeFiles = scan.files.filter((file) => ownerFolder(file) === cwd).length;
    const declared = declaredBy.get(name) ?? new Map<string, DeclaredKey>();
    // The launcher gives these itself: the port, peers' URLs, and the system variables every child receives.
    const given = new Set([...(spec?.port ? [spec.port.variable] : []), ...Object.keys(spec?.peers ?? {})]);
    const firstReads = new Map<string, CodeRead>();
    for (const read of reads) if (!firstReads.has(read.key)) firstReads.set(read.key, read);
    const findings: AuditFinding[] = [];
    for (const [key, read] of firstReads) {
      if (declared.has(key) || given.has(key) || isAllowedSystemVariable(key)) continue;
      const elsewhere = declaringServices(key);
      findings.push({
        kind: 'read-not-declared', severity: 'warning', service: name, key, file: show(read.file), line: read.line,
        message: `${key} is read here but ${name} does not declare it${elsewhere.length > 0 ? ` (${elsewhere.join(', ')} does)` : ''}, so it is never checked`,
        suggestion: `Declare it in ${spec?.schema ?? `${name}'s variables file`}`,
      });
    }
    // No code, or code that reads nothing directly (config through a library): "never read" cannot be judged there.
    if (codeFiles > 0 && firstReads.size > 0) {
      for (const [key, declaration] of declared) {
        if (firstReads.has(key) || given.has(key)) continue;
        findings.push({
          kind: 'declared-not-read', severity: 'info', service: name, key,
          ...(declaration.file ? { file: show(declaration.file), ...(declaration.line ? { line: declaration.line } : {}) } : {}),
          message: `${name} declares ${key} but no code under ${cwd} reads it (of ${codeFiles} source file${codeFiles === 1 ? '' : 's'} scanned)`,
          suggestion: 'Remove the declaration if it is a leftover; a read through a config library or a computed name is not seen',
        });
      }
    }
    return { name, codeFolder: cwd, codeFiles, readKeys: [...firstReads.keys()].sort(), declaredKeys: [...declared.keys()].sort(), findings };
  });

  const readAnywhere = new Set(scan.reads.map((read) => read.key));
  const findings: AuditFinding[] = [];
  // Code under no service's folder (a shared package): its reads reach whichever service imports it.
  const outside = new Map<string, CodeRead>();
  for (const read of scan.reads) if (ownerFolder(read.file) === undefined && !outside.has(read.key)) outside.set(read.key, read);
  for (const [key, read] of outside) {
    if (declaringServices(key).length > 0 || isAllowedSystemVariable(key)) continue;
    findings.push({
      kind: 'read-not-declared', severity: 'warning', key, file: show(read.file), line: read.line,
      message: `${key} is read here, outside every service's folder, and no service declares it`,
      suggestion: 'Declare it in the variables file of each service that uses this code',
    });
  }
  const reported = new Set<string>();
  for (const file of inspection.files) {
    for (const entry of file.entries) {
      const place = `${file.path}\0${entry.key}`;
      if (reported.has(place) || readAnywhere.has(entry.key) || declaringServices(entry.key).length > 0) continue;
      reported.add(place);
      findings.push({
        kind: 'set-not-used', severity: 'warning', key: entry.key, file: displayPath(file.path), line: entry.line,
        message: `${entry.key} is set here but no service reads or declares it`,
        suggestion: 'Remove it if it is a leftover, or declare it in the variables file of the service that uses it',
      });
    }
  }
  const all = [...services.flatMap((service) => service.findings), ...findings];
  const counts = Object.fromEntries(AUDIT_KINDS.map((kind) => [kind, all.filter((finding) => finding.kind === kind).length])) as AuditReport['counts'];
  return { services, findings, counts, scan: { filesRead: scan.filesRead, skipped: scan.skipped } };
}
