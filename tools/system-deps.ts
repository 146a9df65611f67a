// What the full test suite needs from the system besides npm packages: Debian's Chromium (Playwright drives it; its own
// browser download is unreachable here), Redis and PostgreSQL servers (real dependency checks). Installed with apt-get
// when we are root and they are missing; otherwise the command to run is printed and the tests that need them skip.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

interface Requirement {
  debianPackage: string;
  present: () => boolean;
  why: string;
}

const REQUIREMENTS: Requirement[] = [
  { debianPackage: 'chromium', present: () => existsSync('/usr/bin/chromium'), why: 'end-to-end tests drive the dashboard in Chromium' },
  { debianPackage: 'redis-server', present: () => existsSync('/usr/bin/redis-server'), why: 'health checks are tested against a real Redis' },
  { debianPackage: 'python3-dotenv', present: () => spawnSync('/usr/bin/python3', ['-c', 'import dotenv'], { stdio: 'ignore' }).status === 0, why: 'the python-dotenv dialect is tested against python-dotenv itself' },
  { debianPackage: 'postgresql', present: () => existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').length > 0, why: 'health checks are tested against a real PostgreSQL' },
];

const missing = REQUIREMENTS.filter((requirement) => !requirement.present());
if (missing.length === 0) {
  console.log('system dependencies: all present (chromium, redis-server, python3-dotenv, postgresql)');
} else if (process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  const names = missing.map((requirement) => requirement.debianPackage);
  console.log(`system dependencies: installing ${names.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { stdio: 'inherit', env }) : update;
  if (install.status !== 0) {
    console.error(`system dependencies: apt-get failed; the tests that need ${names.join(', ')} will skip and say so`);
  }
} else {
  for (const requirement of missing) console.log(`system dependencies: ${requirement.debianPackage} is missing (${requirement.why}); tests that need it will skip`);
  console.log(`  install with: sudo apt-get install -y ${missing.map((requirement) => requirement.debianPackage).join(' ')}`);
}
