/**
 * 5. Footprint: idle resident memory of each service and of the whole stack, and the time from
 * start to ready (fresh database, migrations, every service answering /health/ready).
 */
const { setTimeout: delay } = require('node:timers/promises');
const { judge } = require('../lib/stats');
const { rssBytes, MB } = require('../lib/memory');

const SERVICE_TARGET_MB = 150;

async function footprint({ stack, startToReadyMs, sizes, services }) {
  // Idle means after boot work (migrations, seeding, first key loads) has settled.
  await delay(sizes.idleSettleSeconds * 1000);
  const rows = [];
  const details = { start_to_ready_ms: Math.round(startToReadyMs), idle_rss_mb: {} };
  let total = 0;
  for (const service of services) {
    const bytes = rssBytes(stack.pid(service));
    const mb = bytes === undefined ? undefined : bytes / MB;
    if (mb !== undefined) total += mb;
    details.idle_rss_mb[service] = mb === undefined ? null : Math.round(mb * 10) / 10;
    rows.push(judge({ benchmark: 'footprint', figure: `idle RSS ${service}`, value: mb, unit: 'MB', op: '<', target: SERVICE_TARGET_MB }));
  }
  const natsMb = (rssBytes(stack.nats.pid) ?? 0) / MB;
  details.idle_rss_mb.total_services = Math.round(total * 10) / 10;
  details.idle_rss_mb.nats_server = natsMb ? Math.round(natsMb * 10) / 10 : null;
  rows.push(
    judge({
      benchmark: 'footprint',
      figure: `idle RSS whole stack (${services.length} services)`,
      value: total,
      unit: 'MB',
      op: '<',
      target: SERVICE_TARGET_MB * services.length,
    }),
  );
  rows.push(judge({ benchmark: 'footprint', figure: 'start to ready', value: startToReadyMs / 1000, unit: 's' }));
  return { rows, details };
}

module.exports = { footprint };
