/**
 * Keeps ProfileCache honest on every replica: any event of the `user` aggregate (registered,
 * created, deleted, roles changed, locked, unlocked, password changed or reset) forgets that user,
 * and a revocation of a user's tokens does too. Core NATS subscriptions, like the token state's:
 * every replica must see every event, and a reconnect or unreadable message clears the cache.
 */
import type { NatsConnection } from 'nats';
import { SUBJECT_ROOT, subjectsFor } from '@tr4ction/contracts';
import { watchEvents, type EventAuthenticator, type EventWatch } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';
import type { ProfileCache } from './profile-cache';

export const USER_EVENTS_SUBJECT = `${SUBJECT_ROOT}.user.>`;

export function syncProfileCache(cache: ProfileCache, nats: NatsConnection, authenticator: EventAuthenticator, logger: Logger): EventWatch {
  return watchEvents(
    nats,
    [USER_EVENTS_SUBJECT, ...subjectsFor('TokenRevoked')],
    {
      onEvent: (event) => {
        if (event.subject.type === 'user' && event.subject.id) cache.forget(event.subject.id);
      },
      onResync: (reason) => {
        logger.info({ reason }, 'clearing the profile cache');
        cache.clear();
      },
    },
    { authenticator, watcher: 'gateway-profile-cache' },
  );
}
