/**
 * The peer: Better Auth serving email-and-password sign-in over HTTP, on its own database of the
 * same Postgres, hashing with the same argon2id parameters as the platform. Its own rate limiter is
 * switched off, like the platform's limits are raised for the bench.
 * argv: JSON { databaseUrl, memoryCost, timeCost, parallelism, poolSize }.
 * Prints `READY {"port":N}` once migrated and listening.
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import pg from 'pg';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';

const job = JSON.parse(process.argv[2]);
const hashOptions = { type: argon2.argon2id, memoryCost: job.memoryCost, timeCost: job.timeCost, parallelism: job.parallelism };
const server = createServer();
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const baseURL = `http://127.0.0.1:${port}`;
  const auth = betterAuth({
    baseURL,
    secret: randomBytes(32).toString('hex'),
    database: new pg.Pool({ connectionString: job.databaseUrl, max: job.poolSize }),
    trustedOrigins: [baseURL],
    rateLimit: { enabled: false },
    emailAndPassword: {
      enabled: true,
      password: {
        hash: (password) => argon2.hash(password, hashOptions),
        verify: ({ hash, password }) => argon2.verify(hash, password),
      },
    },
  });
  await (await getMigrations(auth.options)).runMigrations();
  const handler = toNodeHandler(auth);
  server.on('request', (req, res) => void handler(req, res));
  process.stdout.write(`READY ${JSON.stringify({ port })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
