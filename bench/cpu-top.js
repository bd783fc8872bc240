#!/usr/bin/env node
/**
 * The hottest functions of a V8 CPU profile (node --cpu-prof), by self time and by package:
 * `node bench/cpu-top.js file.cpuprofile [rows] [skipSeconds]` (skip e.g. the boot). Enough to see
 * where a service spends a benchmark; `busy` is the sampled time that was not idle.
 */
const { readFileSync } = require('node:fs');

/** Self time by function and by package (microseconds), and the sampled and busy totals, after `skipSeconds`. */
function breakdown(profile, skipSeconds = 0) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  let at = profile.startTime;
  const from = profile.startTime + skipSeconds * 1e6;
  profile.samples.forEach((id, i) => {
    at += deltas[i] ?? 0;
    if (at >= from) selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs].filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id).callFrame.functionName)).reduce((a, [, us]) => a + us, 0);
  const functions = new Map();
  const packages = new Map();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = url.replace(/^.*node_modules\//, '').replace(/^.*\/(dist|apps|libs)\//, '$1/');
    const fn = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    const pkg =
      /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      (url.includes('/dist/') ? 'tr4ction (dist)' : url.startsWith('node:') ? 'node core' : url || functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  return { totalUs: total, busyUs: total - idle, functions, packages };
}

function top(profile, rows = 25, skipSeconds = 0) {
  const { totalUs, busyUs, functions, packages } = breakdown(profile, skipSeconds);
  const fmt = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(([k, us]) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  return `total ${(totalUs / 1e6).toFixed(1)} s sampled, busy ${(busyUs / 1e6).toFixed(1)} s\n\nby package:\n${fmt(packages)}\n\nby function (self):\n${fmt(functions)}`;
}

if (require.main === module) console.log(top(JSON.parse(readFileSync(process.argv[2], 'utf8')), Number(process.argv[3] ?? 25), Number(process.argv[4] ?? 0)));
module.exports = { top, breakdown };
