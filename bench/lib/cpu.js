/**
 * CPU time (user + system, every thread: argon2's libuv pool included) of processes, from /proc,
 * to attribute a benchmark's work to the services that did it.
 */
const { readFileSync } = require('node:fs');
const { execFileSync } = require('node:child_process');

let ticksPerSecond;

function clockTicks() {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/** CPU seconds a process has used so far, or undefined if it is gone. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/** Snapshot of `pids` (name -> pid); the returned function gives CPU seconds used since, per name. */
function cpuSince(pids) {
  const start = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  return () => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, (cpuSeconds(pid) ?? NaN) - (start[name] ?? NaN)]));
}

module.exports = { cpuSeconds, cpuSince };
