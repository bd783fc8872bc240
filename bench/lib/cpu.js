/**
 * CPU time (user + system, every thread: argon2's libuv pool included) of processes, from /proc,
 * to attribute a benchmark's work to the services that did it.
 */
const { readdirSync, readFileSync } = require('node:fs');
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

/**
 * Every Postgres server process on this machine (postmaster, backends, WAL writer...): a benchmark's
 * database work is charged from their sum. The bench expects a quiet server; a backend that exits
 * between two readings takes its CPU with it (the services' pools keep theirs open).
 */
function postgresPids() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // Gone while listing.
    }
  }
  return pids;
}

/** CPU seconds of a named source: one pid, or a function listing pids now (summed; new ones count from 0). */
function readAll(source) {
  const pids = typeof source === 'function' ? source() : [source];
  return new Map(pids.map((pid) => [pid, cpuSeconds(pid)]));
}

/** Snapshot of `sources` (name -> pid or pid lister); the returned function gives CPU seconds used since, per name. */
function cpuSince(sources) {
  const start = Object.fromEntries(Object.entries(sources).map(([name, source]) => [name, readAll(source)]));
  return () =>
    Object.fromEntries(
      Object.entries(sources).map(([name, source]) => {
        let used = 0;
        let seen = false;
        for (const [pid, now] of readAll(source)) {
          if (now === undefined) continue;
          seen = true;
          used += now - (start[name].get(pid) ?? 0);
        }
        return [name, seen ? used : NaN];
      }),
    );
}

module.exports = { cpuSeconds, cpuSince, postgresPids };
