import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';

export interface RealServer {
  port: number;
  stop: () => Promise<void>;
}

// Real dependencies for health tests: Debian's redis-server and PostgreSQL, when installed (.ci/run installs them).
export function redisServerPath(): string | undefined {
  return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));
}

export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort().pop();
  const dir = version ? join(root, version, 'bin') : undefined;
  return dir && existsSync(join(dir, 'initdb')) ? dir : undefined;
}

// tls: the port speaks only TLS, with a self-signed certificate for localhost.
export async function startRedis(password: string, options: { tls?: boolean } = {}): Promise<RealServer> {
  const binary = redisServerPath();
  if (!binary) throw new Error('redis-server is not installed');
  const port = await getPort({ host: '127.0.0.1' });
  const dir = options.tls ? mkdtempSync(join(tmpdir(), 'stackdeck-redis-')) : undefined;
  const certificate = dir ? selfSignedCertificate(dir, undefined) : undefined;
  const listen = certificate
    ? ['--port', '0', '--tls-port', String(port), '--tls-auth-clients', 'no', '--tls-cert-file', certificate.cert, '--tls-key-file', certificate.key]
    : ['--port', String(port)];
  const child = spawn(binary, [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', password], { stdio: 'pipe' });
  await waitForLine(child, /Ready to accept connections/, 'redis-server');
  return {
    port,
    stop: async () => {
      await stopChild(child);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}


// PostgreSQL refuses to run as root: the cluster belongs to the postgres user when we are root.
// tls: the server also speaks TLS, with a self-signed certificate for localhost (made by openssl for this cluster).
export async function startPostgres(user: string, password: string, database: string, options: { tls?: boolean } = {}): Promise<RealServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries are not installed');
  const dir = mkdtempSync(join(tmpdir(), 'stackdeck-pg-'));
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (owner) chownSync(passwordFile, owner.uid, owner.gid);
  const init = spawnSync(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', user, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '--no-sync', '--no-instructions'], { ...as, encoding: 'utf8', timeout: 60_000 });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const certificate = options.tls ? selfSignedCertificate(dir, owner) : undefined;
  const tlsArgs = certificate ? ['-c', 'ssl=on', '-c', `ssl_cert_file=${certificate.cert}`, '-c', `ssl_key_file=${certificate.key}`] : [];
  const port = await getPort({ host: '127.0.0.1' });
  const child = spawn(join(bin, 'postgres'), ['-D', join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', ...tlsArgs], { ...as, stdio: 'pipe' });
  await waitForLine(child, /ready to accept connections/, 'postgres');
  const create = spawnSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database], { ...as, env: { ...process.env, PGPASSWORD: password }, encoding: 'utf8', timeout: 30_000 });
  if (create.status !== 0) throw new Error(`createdb failed: ${create.stderr}`);
  return {
    port,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A certificate for localhost and its key, in dir. PostgreSQL reads the key only when the server's user owns it and
// nobody else may read it.
function selfSignedCertificate(dir: string, owner: { uid: number; gid: number } | undefined): { key: string; cert: string } {
  const [key, cert] = [join(dir, 'server.key'), join(dir, 'server.crt')];
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', key, '-out', cert], { encoding: 'utf8', timeout: 60_000 });
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
  chmodSync(key, 0o600);
  if (owner) for (const file of [key, cert]) chownSync(file, owner.uid, owner.gid);
  return { key, cert };
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root needs a postgres user to own the cluster');
  return { uid, gid: id('-g') };
}

// Bounded wait for a server's "ready" line on stdout or stderr.
function waitForLine(child: ChildProcess, pattern: RegExp, name: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} was not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
