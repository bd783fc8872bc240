/**
 * Publishes catalogue events (LoginFailed, a type only the audit projection consumes) to JetStream,
 * as fast as acknowledgements allow or paced at `rate` per second. Each event's occurred_at is its
 * publish time, so the audit record's recorded_at - occurred_at is its projection lag.
 * Actors and subjects are drawn from pools of accounts (as a real log's are); with `actorId` every
 * event has that actor, so a run's events can be found again by that indexed column.
 * argv: JSON { bus: {NATS_URL, NATS_CREDS_FILE?, NATS_TLS_CA_FILE?}, count, rate?, actorId?, inFlight }. Prints RESULT {published, seconds, ...}.
 */
const { randomBytes, randomUUID } = require('node:crypto');
const { connect } = require('nats');
const { lib } = require('../lib/project');

const SUBJECT_POOL = 10_000;
const ACTOR_POOL = 2_000;

async function main() {
  const job = JSON.parse(process.argv[2]);
  const { createEvent, subjectFor } = lib('contracts');
  const { busConnectionOptions } = lib('bus');
  const subject = subjectFor('LoginFailed');
  const nc = await connect(busConnectionOptions({ ...job.bus, NATS_URL: [job.bus.NATS_URL] }, 'user-service', 'bench-publisher'));
  const js = nc.jetstream();
  const subjects = Array.from({ length: SUBJECT_POOL }, () => randomUUID());
  const actors = Array.from({ length: ACTOR_POOL }, () => randomUUID());
  const inFlight = new Set();
  let firstSeq;
  let lastSeq = 0;
  const started = Date.now();
  for (let i = 0; i < job.count; i++) {
    if (job.rate) {
      const due = started + (i * 1000) / job.rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    }
    const event = createEvent({
      type: 'LoginFailed',
      actor: { type: 'user', id: job.actorId ?? actors[i % ACTOR_POOL] },
      subject: { type: 'user', id: subjects[i % SUBJECT_POOL] },
      outcome: 'failure',
      source: { service: 'bench', ip: '127.0.0.1' },
      trace: { trace_id: randomBytes(16).toString('hex'), span_id: randomBytes(8).toString('hex') },
      data: { reason: 'wrong_password', failed_attempts: 1 },
    });
    const ack = js.publish(subject, JSON.stringify(event), { msgID: event.id }).then((pa) => {
      firstSeq = Math.min(firstSeq ?? pa.seq, pa.seq);
      lastSeq = Math.max(lastSeq, pa.seq);
      inFlight.delete(ack);
    });
    inFlight.add(ack);
    if (inFlight.size >= job.inFlight) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const seconds = (Date.now() - started) / 1000;
  await nc.drain();
  process.stdout.write(`RESULT ${JSON.stringify({ published: job.count, seconds, perSecond: job.count / seconds, firstSeq, lastSeq })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
