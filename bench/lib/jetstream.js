/** Progress of a durable JetStream consumer, read from the stack's private NATS. */
const { connect } = require('nats');
const { lib, testing } = require('./project');

/** connectOptions: the stack's test harness (purging the stream is nobody else's right). */
async function consumerWatch(connectOptions, durable) {
  const { EVENTS_STREAM } = lib('messaging');
  const nc = await connect(connectOptions);
  const jsm = await nc.jetstreamManager();
  return {
    /** Stream sequence below which everything is acknowledged, and what is still pending. */
    async progress() {
      const info = await jsm.consumers.info(EVENTS_STREAM, durable);
      return { ackFloor: info.ack_floor.stream_seq, pending: info.num_pending, ackPending: info.num_ack_pending };
    },
    async lastStreamSeq() {
      return (await jsm.streams.info(EVENTS_STREAM)).state.last_seq;
    },
    /** Waits until the consumer has nothing pending or unacknowledged; false at the deadline. */
    async drained(timeoutMs) {
      try {
        await testing().waitFor(
          async () => {
            const p = await this.progress();
            return p.pending === 0 && p.ackPending === 0;
          },
          { timeoutMs, intervalMs: 200, what: `${durable} to drain` },
        );
        return true;
      } catch {
        return false;
      }
    },
    /**
     * Drops every message of the events stream (what a bounded run could not drain). The stream denies
     * purges (write-once), so the services with durable consumers are stopped, the stream is deleted,
     * and they declare it again when they start.
     */
    async dropBacklog(stack) {
      const consumers = ['audit-service', 'auth-service'];
      for (const service of consumers) await stack.stopService(service);
      await jsm.streams.delete(EVENTS_STREAM);
      for (const service of consumers) stack.launch(service);
    },
    close: () => nc.close(),
  };
}

module.exports = { consumerWatch };
