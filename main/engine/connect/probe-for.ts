import type { ConnectTarget } from '../../../shared/config/connect/connection-targets.ts';
import { httpProbe } from './probe-http.ts';
import { probePostgres } from './probe-postgres.ts';
import { probeRedis } from './probe-redis.ts';
import { probeTcp } from './probe-tcp.ts';
import type { Probe } from './probe.ts';

// Why: each kind of address has its one probe; a peer's health path must say healthy, other HTTP needs only an answer.
export function probeFor(target: Pick<ConnectTarget, 'kind' | 'peer'>): Probe {
  switch (target.kind) {
    case 'postgres': return probePostgres;
    case 'redis': return probeRedis;
    case 'clickhouse': return httpProbe('clickhouse-ok');
    case 'http': return httpProbe(target.peer === undefined ? 'any-answer' : 'success');
    case 'tcp': return probeTcp;
  }
}
