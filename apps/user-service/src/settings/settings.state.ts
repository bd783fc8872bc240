/**
 * The settings aggregate as pure functions: its state is the environment defaults with every
 * ConfigurationChanged of the stream applied, in order. No I/O, so the fold and the diff are unit
 * tested without a database.
 */
import { applySettingChanges, type EventEnvelope, type RuntimeSettings, type RuntimeSettingsSnapshot } from '@tr4ction/contracts';

/** The one stream of the settings aggregate in user-service's event store. */
export const SETTINGS_STREAM = 'configuration-settings';
export const SETTINGS_SUBJECT = { type: 'configuration', id: 'settings' } as const;

export function initialSnapshot(defaults: RuntimeSettings): RuntimeSettingsSnapshot {
  return { version: 0, settings: { ...defaults }, overrides: {}, updated_at: null, updated_by: null };
}

/** Applies one stored event (at its stream version) to the state; other event types leave it alone. */
export function applySettingsEvent(state: RuntimeSettingsSnapshot, event: EventEnvelope, version: number): RuntimeSettingsSnapshot {
  if (event.type !== 'ConfigurationChanged') return { ...state, version };
  const { changes } = (event as EventEnvelope<'ConfigurationChanged'>).data;
  return {
    version,
    settings: applySettingChanges(state.settings, changes),
    overrides: applySettingChanges(state.overrides, changes),
    updated_at: event.occurred_at,
    updated_by: event.actor,
  };
}

export function foldSettings(defaults: RuntimeSettings, events: ReadonlyArray<{ version: number; envelope: EventEnvelope }>): RuntimeSettingsSnapshot {
  return events.reduce((state, e) => applySettingsEvent(state, e.envelope, e.version), initialSnapshot(defaults));
}
