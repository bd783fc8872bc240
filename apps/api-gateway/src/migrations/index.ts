import { RateLimitCounters1764310000000 } from './1764310000000-rate-limit-counters';

/** The gateway's own small schema: only state that every replica must share. */
export const GATEWAY_SCHEMA = 'gateway';
export const gatewayMigrations = [RateLimitCounters1764310000000];
