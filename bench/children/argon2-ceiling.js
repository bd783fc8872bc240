/**
 * The physical limit of a password login: argon2id verifications per second with every core busy,
 * nothing else around them. argon2's native work runs on the libuv pool, so one process keeping
 * `concurrency` verifications in flight loads `concurrency` cores.
 * argv: JSON { memoryCost, timeCost, parallelism, concurrency, durationSec }.
 */
const argon2 = require('argon2');

async function main() {
  const job = JSON.parse(process.argv[2]);
  const options = { type: argon2.argon2id, memoryCost: job.memoryCost, timeCost: job.timeCost, parallelism: job.parallelism };
  const password = 'Ceiling-Measure-2026!';
  const hash = await argon2.hash(password, options);
  const deadline = Date.now() + job.durationSec * 1000;
  let done = 0;
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const lane = async () => {
    while (Date.now() < deadline) {
      if (!(await argon2.verify(hash, password))) throw new Error('verification failed');
      done++;
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // CPU of every thread of this process (the libuv pool included): what one verification costs.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerVerification = (cpu.user + cpu.system) / 1000 / done;
  process.stdout.write(`RESULT ${JSON.stringify({ verifications: done, seconds, perSecond: done / seconds, cpuMsPerVerification })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
