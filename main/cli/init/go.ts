import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { candidateDirs } from './candidate-dirs.ts';
import { serviceNameFrom, type DetectedService, type Detection } from './detected.ts';

// Why: a Go module with a main.go at its top is a program `go run .` starts.
export async function detectGo(root: string): Promise<Detection> {
  const services: DetectedService[] = [];
  for (const dir of await candidateDirs(root)) {
    if (!existsSync(join(root, dir, 'go.mod')) || !existsSync(join(root, dir, 'main.go'))) continue;
    services.push({
      name: serviceNameFrom(dir === '.' ? posix.basename(root) : posix.basename(dir)), from: `${dir === '.' ? '' : `${dir}/`}main.go`,
      command: ['go', 'run', '.'], cwd: dir, envDir: dir, dependsOn: {}, envFiles: [], environment: {}, notes: ['command: go run .'],
    });
  }
  return { services, skipped: [] };
}
