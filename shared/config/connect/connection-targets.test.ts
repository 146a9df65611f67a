import { describe, expect, it } from 'vitest';
import { parseEnvText } from '../env-file/parse-env-text.ts';
import type { Profile } from '../profile.ts';
import { resolveService, type ResolvedService } from '../resolve.ts';
import { buildServiceSchema } from '../schema-file/build-schema.ts';
import type { VariablesFileInput } from '../schema-file/variables-file.ts';
import { VariablesFileSchema } from '../schema-file/variables-file.ts';
import { componentRoles, connectFactsOf, connectionTargets, type ConnectStackFacts } from './connection-targets.ts';

// A team's own names, none of them the demo's: what is an address must come from the schema, not from names we know.
const SCHEMA: VariablesFileInput = {
  variables: {
    WAREHOUSE_URL: {
      type: 'url', schemes: ['postgresql', 'postgresql+asyncpg'], preferComponents: ['WH_SERVER', 'WH_TCP_PORT', 'WH_LOGIN', 'WH_PASSWORD', 'WH_DATABASE'],
      required: ['staging', 'production'],
    },
    WH_SERVER: { type: 'host', connection: true },
    WH_TCP_PORT: { type: 'port', connection: true },
    WH_LOGIN: { type: 'string', connection: true },
    WH_PASSWORD: { type: 'string', secret: true, connection: true },
    WH_DATABASE: { type: 'string', connection: true },
    CACHE: { type: 'url', schemes: ['redis', 'rediss'], connection: true, required: ['staging'] },
    EVENTS_STORE: { type: 'url', schemes: ['http', 'https', 'clickhouse'], connection: true },
    BILLING_API: { type: 'url', connection: true },
    HOMEPAGE: { type: 'url' },
    QUEUE: { type: 'url', schemes: ['amqp'], connection: true },
    SIGNING_SECRET: { type: 'string', secret: true, connection: true, required: true },
  },
};

const NO_PEERS: ConnectStackFacts = { peers: {}, healthPaths: {} };

function service(envText: string, profile: Profile = 'development', name = 'api', schema: VariablesFileInput | undefined = SCHEMA): ResolvedService {
  return resolveService({
    service: name,
    schema: schema && buildServiceSchema(name, VariablesFileSchema.parse(schema)).schema,
    profile,
    files: [{ path: `/stack/${name}/.env`, scope: 'service', entries: parseEnvText(envText, `/stack/${name}/.env`).entries }],
    os: {},
  });
}

const display = (path: string) => path.replace('/stack/', '');

describe('connectionTargets', () => {
  it('builds the database URL from its components as the services do (SSL required for a remote host), not from the whole-URL variable', () => {
    const plan = connectionTargets([service('WAREHOUSE_URL=postgresql://old@x/y\nWH_SERVER=db.internal\nWH_TCP_PORT=6432\nWH_LOGIN=app\nWH_PASSWORD=p@ss/word\nWH_DATABASE=sales\n')], NO_PEERS, display);
    expect(plan.targets).toEqual([{
      service: 'api', kind: 'postgres', keys: ['WH_SERVER', 'WH_TCP_PORT', 'WH_LOGIN', 'WH_PASSWORD', 'WH_DATABASE'],
      address: 'postgresql://app:p%40ss%2Fword@db.internal:6432/sales?sslmode=require',
      display: 'postgresql://app:***@db.internal:6432/sales?sslmode=require',
      secrets: expect.arrayContaining(['p%40ss%2Fword', 'p@ss/word']) as string[],
      from: 'built from WH_SERVER, WH_TCP_PORT, WH_LOGIN, WH_PASSWORD, WH_DATABASE',
    }]);
    // The other connection settings of the schema, unset, are listed as not tried.
    expect(plan.skipped.map((skipped) => [skipped.keys.join(), skipped.reason])).toEqual([['CACHE', 'not set'], ['EVENTS_STORE', 'not set'], ['BILLING_API', 'not set'], ['QUEUE', 'not set']]);
  });

  it('asks no SSL of a database on this machine, and uses the whole URL when the components are not all set', () => {
    const local = connectionTargets([service('WH_SERVER=127.0.0.1\nWH_LOGIN=app\nWH_DATABASE=sales\n')], NO_PEERS);
    expect(local.targets[0]?.address).toBe('postgresql://app@127.0.0.1:5432/sales');
    const whole = connectionTargets([service('WAREHOUSE_URL=postgresql+asyncpg://app:pw-123456@db:5432/sales?ssl=require\nWH_SERVER=db\n')], NO_PEERS, display);
    expect(whole.targets).toEqual([expect.objectContaining({ kind: 'postgres', keys: ['WAREHOUSE_URL'], address: 'postgresql+asyncpg://app:pw-123456@db:5432/sales?ssl=require', display: 'postgresql+asyncpg://app:***@db:5432/sales?ssl=require', from: 'api/.env:1' })]);
    expect(whole.targets[0]?.secrets).toContain('pw-123456');
  });

  it('says when neither the whole URL nor its components are set, as a failure where the profile requires them', () => {
    expect(connectionTargets([service('')], NO_PEERS).skipped).toContainEqual({
      service: 'api', keys: ['WAREHOUSE_URL', 'WH_SERVER', 'WH_TCP_PORT', 'WH_LOGIN', 'WH_PASSWORD', 'WH_DATABASE'], required: false,
      reason: 'neither WAREHOUSE_URL nor its components are set',
    });
    const staging = connectionTargets([service('', 'staging')], NO_PEERS).skipped;
    expect(staging).toContainEqual(expect.objectContaining({ keys: ['CACHE'], required: true, reason: 'not set, and staging requires it' }));
    expect(staging).toContainEqual(expect.objectContaining({ keys: expect.arrayContaining(['WAREHOUSE_URL']) as string[], required: true }));
    // A secret is a connection setting but not an address: never listed as one to try.
    expect(staging.flatMap((skipped) => skipped.keys)).not.toContain('SIGNING_SECRET');
  });

  it('knows each kind by the URL scheme and the schema: redis, ClickHouse (the schema accepts clickhouse://), HTTP and TCP connections', () => {
    const plan = connectionTargets([service([
      'CACHE=rediss://:cache-password@cache:6380/0',
      'EVENTS_STORE=https://ch-user:ch-secret@events:8443',
      'BILLING_API=https://billing.example/v1',
      'HOMEPAGE=https://example.com',
      'QUEUE=amqp://mq:5672',
    ].join('\n'))], NO_PEERS, display);
    expect(plan.targets.map((target) => [target.keys[0], target.kind, target.display])).toEqual([
      ['CACHE', 'redis', 'rediss://:***@cache:6380/0'],
      ['EVENTS_STORE', 'clickhouse', 'https://ch-user:***@events:8443/ping'],
      ['BILLING_API', 'http', 'https://billing.example/v1'],
      ['QUEUE', 'tcp', 'tcp://mq:5672'],
    ]);
    expect(plan.targets.find((target) => target.kind === 'redis')?.secrets).toEqual(['cache-password']);
    expect(plan.targets.find((target) => target.kind === 'clickhouse')?.secrets).toEqual(['ch-secret']);
  });

  it('reads a clickhouse:// URL as its HTTP interface, 8123 by default', () => {
    const plan = connectionTargets([service('EVENTS_STORE=clickhouse://default@events/analytics\n')], NO_PEERS);
    expect(plan.targets[0]).toMatchObject({ kind: 'clickhouse', address: 'http://default@events:8123/ping' });
  });

  it('finds database and cache URLs by scheme in a service without a schema', () => {
    const plan = connectionTargets([service('ANYTHING=postgres://u:secret-pw@h/d\nOTHER=redis://h:1\nSITE=https://x.example\n', 'development', 'worker', undefined)], NO_PEERS);
    expect(plan.targets.map((target) => [target.keys[0], target.kind])).toEqual([['ANYTHING', 'postgres'], ['OTHER', 'redis']]);
  });

  it('reaches a peer at its health path when the stack file gives one, else by TCP, and skips a peer URL the launcher has yet to set', () => {
    const facts = connectFactsOf({ services: {
      web: { peers: { API_BASE: 'api', ACCOUNTS_BASE: 'accounts', LEDGER_BASE: 'ledger' } },
      api: { peers: {}, healthCheck: { http: '/healthz', intervalSeconds: 5 } },
      accounts: { peers: {} },
      ledger: { peers: {}, readiness: { http: '/ready', timeoutSeconds: 30 } },
    } } as unknown as Parameters<typeof connectFactsOf>[0]);
    const plan = connectionTargets([service('API_BASE=http://127.0.0.1:9000/\nACCOUNTS_BASE=https://accounts.internal\n', 'development', 'web', { variables: {} })], facts);
    expect(plan.targets.map((target) => [target.keys[0], target.kind, target.address, target.peer])).toEqual([
      ['API_BASE', 'http', 'http://127.0.0.1:9000/healthz', 'api'],
      ['ACCOUNTS_BASE', 'tcp', 'tcp://accounts.internal:443', 'accounts'],
    ]);
    expect(plan.skipped).toEqual([{ service: 'web', keys: ['LEDGER_BASE'], reason: 'not set: the launcher sets it when ledger starts', required: false }]);
  });
});

describe('componentRoles', () => {
  it('takes the role a name ends with, the secret flag for a password, else the place in buildDatabaseUrl order', () => {
    expect(componentRoles(['PG_HOST', 'PG_PORT', 'PG_USER', 'PG_PASSWORD', 'PG_DB'])).toEqual({ host: 'PG_HOST', port: 'PG_PORT', user: 'PG_USER', password: 'PG_PASSWORD', database: 'PG_DB' });
    expect(componentRoles(['DB_NAME', 'DB_USERNAME', 'DB_HOSTNAME'])).toEqual({ database: 'DB_NAME', user: 'DB_USERNAME', host: 'DB_HOSTNAME' });
    expect(componentRoles(['A', 'B', 'C', 'D', 'E'])).toEqual({ host: 'A', port: 'B', user: 'C', password: 'D', database: 'E' });
  });
});

describe('connectionTargets with values that name no address', () => {
  it('says so for a connection setting that is not a URL, and tries a whole URL set beside incomplete components', () => {
    const plan = connectionTargets([service('CACHE=localhost:6379\nWAREHOUSE_URL=postgresql://u@db/x\nWH_SERVER=db\n')], NO_PEERS);
    expect(plan.targets.map((target) => target.keys)).toEqual([['WAREHOUSE_URL']]);
    expect(plan.skipped).toContainEqual({ service: 'api', keys: ['CACHE'], reason: 'not a URL with a scheme and a port, so there is nothing to connect to', required: false });
    expect(plan.skipped.flatMap((skipped) => skipped.keys)).not.toContain('WH_SERVER');
  });
});
