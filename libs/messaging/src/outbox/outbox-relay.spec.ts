/**
 * Unit spec with a fake data source (no Postgres, no NATS): the relay's loop around stop().
 * The real publishing is covered by outbox-relay.integration-spec.ts.
 */
import type { DataSource } from 'typeorm';
import type { JetStreamClient } from 'nats';
import { createLogger } from '@tr4ction/telemetry';
import { testBusKeys } from '@tr4ction/testing';
import { OutboxRelay } from './outbox-relay';

describe(OutboxRelay.name, () => {
  it('stops at once when stop() comes while a batch is in progress, not after its next idle poll', async () => {
    let batchStarted!: () => void;
    const batchInProgress = new Promise<void>((resolve) => (batchStarted = resolve));
    let finishBatch!: () => void;
    const fakeDataSource = {
      // The first drain is held open until the test lets it finish with nothing to publish.
      transaction: () => {
        batchStarted();
        return new Promise<number>((resolve) => (finishBatch = () => resolve(0)));
      },
      // The poll's look for unsent rows finds some, so the drain's transaction starts.
      query: async () => [{ any: true }],
    } as unknown as DataSource;
    const relay = new OutboxRelay(
      fakeDataSource,
      'relay_spec',
      {} as JetStreamClient,
      testBusKeys().signer('user-service'),
      createLogger('relay-spec', 'silent'),
      {
        idlePollMs: 600_000,
      },
    );
    relay.start();
    await batchInProgress;
    let stopped = false;
    const stopping = relay.stop().then(() => (stopped = true));
    finishBatch();
    // The loop ends within a few turns of the event loop; before the fix it slept the whole idle poll.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stopping, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
    clearTimeout(timer);
    expect(stopped).toBe(true);
  });
});
