/**
 * The cluster stack: three routed nats-server nodes (streams replicated 3 times), PgBouncer in
 * transaction mode, two replicas of every service and two gateways, as the cluster e2e suite runs
 * it. Saturated logins through both gateways (half the connections each) give its throughput on
 * this machine; the machine's CPU per login (every process, the load generators and the idle single
 * stack included) turns it into a figure per core on paper: what each core given to more replicas
 * could add, as long as nothing shared (Postgres, the NATS cluster) saturates first.
 */
const { readFileSync } = require('node:fs');
const { judge } = require('../lib/stats');
const { runLoad, loadDetails } = require('../lib/load');
const { loginBodies } = require('../lib/accounts');
const { testing } = require('../lib/project');

const CONNECTIONS_PER_GATEWAY = 8;

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineTicks() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const values = fields.slice(0, 8).map(Number);
  const idle = values[3] + (values[4] ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

async function startCluster(env) {
  const { NatsCluster, PrivatePgBouncer, ServiceStack, STACK_SERVICES, freePort, testDatabasePasswords, waitFor, http } = testing();
  const nats = await NatsCluster.start(3);
  const bouncer = await PrivatePgBouncer.start(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { users: testDatabasePasswords() });
  const stack = await ServiceStack.start({
    // Debian's PgBouncer (transaction mode) cannot carry named statements between server connections.
    env: { ...env, NATS_URL: nats.url, NATS_STREAM_REPLICAS: '3', DATABASE_PREPARED_STATEMENTS: 'false' },
    databaseUrlForServices: (real) => bouncer.urlFor(real),
  });
  const secondPort = await freePort();
  for (const service of STACK_SERVICES) stack.launchReplica(`${service}-2`, service, service === 'api-gateway' ? { PORT: String(secondPort) } : {});
  const gateways = [stack.baseUrl, `http://127.0.0.1:${secondPort}`];
  await waitFor(async () => (await http(gateways[1], 'GET', '/health/ready').catch(() => undefined))?.status === 200, {
    timeoutMs: 120_000,
    what: 'the second gateway',
  });
  return {
    gateways,
    stop: async () => {
      await stack.stop();
      await bouncer.stop();
      await nats.stop();
    },
  };
}

async function cluster({ sizes, stackEnv }) {
  const started = await startCluster(stackEnv);
  try {
    const perGateway = [];
    for (const baseUrl of started.gateways) {
      const bodies = await loginBodies(baseUrl, CONNECTIONS_PER_GATEWAY);
      perGateway.push({
        url: `${baseUrl}/auth/login`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        bodies,
        connections: CONNECTIONS_PER_GATEWAY,
      });
    }
    const before = machineTicks();
    const runs = await Promise.all(perGateway.map((job) => runLoad({ ...job, durationSec: sizes.loginSeconds })));
    const after = machineTicks();
    const ok = runs.reduce((sum, r) => sum + r.ok, 0);
    const seconds = Math.max(...runs.map((r) => r.elapsedMs)) / 1000;
    const cores = (after.total - before.total) / (seconds * 100);
    const machineCpuMsPerLogin = ((after.busy - before.busy) * 10) / ok;
    const rows = [
      judge({ benchmark: 'cluster', figure: 'logins/s, 2 replicas of every service (3 NATS nodes, PgBouncer)', value: ok / seconds, unit: '/s' }),
      judge({ benchmark: 'cluster', figure: 'machine CPU per login (every process, load included)', value: machineCpuMsPerLogin, unit: 'ms' }),
      judge({
        benchmark: 'cluster',
        figure: 'on paper: logins/s per core (1000 / CPU per login)',
        value: 1000 / machineCpuMsPerLogin,
        unit: '/s',
      }),
    ];
    return {
      rows,
      details: {
        gateways: 2,
        connections_per_gateway: CONNECTIONS_PER_GATEWAY,
        seconds,
        machine_cores_seen: Math.round(cores * 10) / 10,
        runs: runs.map(loadDetails),
      },
    };
  } finally {
    await started.stop();
  }
}

module.exports = { cluster };
