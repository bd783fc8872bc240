import { EVENT_CATALOGUE, isEventType, type EventDataMap, type EventType } from './catalogue';
import type { Actor, EventEnvelope, EventSource, EventSubjectRef, Outcome, TraceRef } from './envelope';
import { UUID_PATTERN, uuidv7 } from './uuid-v7';

export interface NewEvent<T extends EventType> {
  type: T;
  actor: Actor;
  subject: EventSubjectRef;
  outcome?: Outcome;
  source: EventSource;
  trace: TraceRef;
  data: EventDataMap[T];
  occurredAt?: Date;
}

export function createEvent<T extends EventType>(input: NewEvent<T>): EventEnvelope<T> {
  const occurred = input.occurredAt ?? new Date();
  return {
    id: uuidv7(occurred.getTime()),
    type: input.type,
    version: EVENT_CATALOGUE[input.type].version,
    occurred_at: occurred.toISOString(),
    actor: input.actor,
    subject: input.subject,
    outcome: input.outcome ?? 'success',
    source: input.source,
    trace: input.trace,
    data: input.data,
  };
}

const ACTOR_TYPES = new Set(['user', 'service_account', 'system', 'cli']);

/**
 * Structural check of an envelope read off the wire. Returns every problem found (empty = valid),
 * so a poison message can be dead-lettered with a reason instead of crashing a consumer.
 */
export function envelopeProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['envelope is not an object'];
  const e = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof e.id !== 'string' || !UUID_PATTERN.test(e.id)) problems.push('id must be a uuid');
  if (!isEventType(e.type)) problems.push('type is not in the catalogue');
  if (typeof e.version !== 'number' || !Number.isInteger(e.version) || e.version < 1) problems.push('version must be a positive integer');
  if (typeof e.occurred_at !== 'string' || Number.isNaN(Date.parse(e.occurred_at))) problems.push('occurred_at must be a timestamp');
  const actor = e.actor as Record<string, unknown> | undefined;
  if (!actor || typeof actor !== 'object' || !ACTOR_TYPES.has(String(actor.type))) problems.push('actor.type is invalid');
  const subject = e.subject as Record<string, unknown> | undefined;
  if (!subject || typeof subject !== 'object' || typeof subject.type !== 'string' || typeof subject.id !== 'string')
    problems.push('subject must have type and id');
  if (e.outcome !== 'success' && e.outcome !== 'failure') problems.push('outcome must be success or failure');
  const source = e.source as Record<string, unknown> | undefined;
  if (!source || typeof source !== 'object' || typeof source.service !== 'string') problems.push('source.service is required');
  const trace = e.trace as Record<string, unknown> | undefined;
  if (!trace || typeof trace !== 'object' || typeof trace.trace_id !== 'string') problems.push('trace.trace_id is required');
  if (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data)) problems.push('data must be an object');
  return problems;
}
