/**
 * Which browser origins may call the API: the `cors_origins` runtime setting, consulted on every
 * request so an admin's change applies on every gateway replica without a restart; the
 * gateway's CORS_ORIGINS until an admin changes it. Before this replica has loaded the settings
 * it allows no origin: a restarted gateway must not briefly re-allow an origin an admin removed.
 */
import type { RuntimeSettingsFollower } from '@tr4ction/messaging';

export class CorsOrigins {
  constructor(
    private readonly settings: Pick<RuntimeSettingsFollower, 'override' | 'loaded'>,
    private readonly envOrigins: readonly string[],
  ) {}

  current(): readonly string[] {
    if (!this.settings.loaded()) return [];
    return this.settings.override('cors_origins') ?? this.envOrigins;
  }

  allows(origin: string | undefined): boolean {
    return origin !== undefined && this.current().includes(origin);
  }

  /** For @fastify/cors: a refused origin gets no Access-Control-Allow-* headers, so the browser blocks it. */
  readonly delegate = (origin: string | undefined, done: (err: Error | null, allow: boolean) => void): void => {
    done(null, this.allows(origin));
  };
}
