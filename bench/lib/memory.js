/** Resident memory of processes, read from /proc (Linux), and a sampler for peaks under load. */
const { readFileSync } = require('node:fs');

/** Resident set size in bytes, or undefined if the process is gone or /proc is unavailable. */
function rssBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples the RSS of `pids` (name -> pid) every intervalMs; stop() returns {name: {start, peak}} in bytes. */
function sampleRss(pids, intervalMs = 100) {
  const seen = {};
  const take = () => {
    for (const [name, pid] of Object.entries(pids)) {
      const rss = rssBytes(pid);
      if (rss === undefined) continue;
      seen[name] ??= { start: rss, peak: rss };
      seen[name].peak = Math.max(seen[name].peak, rss);
    }
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return seen;
    },
  };
}

const MB = 1024 * 1024;

module.exports = { rssBytes, sampleRss, MB };
