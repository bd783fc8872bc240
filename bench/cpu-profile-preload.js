/**
 * Preloaded into each service by BENCH_CPU_PROF=dir (NODE_OPTIONS=--require, since Node 20 refuses
 * --cpu-prof there): samples the process with the inspector's profiler and writes
 * dir/<service>-<pid>.cpuprofile when it exits.
 */
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');

const dir = process.env.BENCH_CPU_PROF;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  const service = basename(dirname(dirname(process.argv[1] ?? 'node/src/x')));
  process.once('exit', () => {
    // A same-thread inspector session answers synchronously, so this completes inside 'exit'.
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(join(dir, `${service}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
