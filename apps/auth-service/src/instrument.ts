// Loaded first by main.ts: telemetry must patch http, pg and Nest before they are required.
import { startTelemetry } from '@tr4ction/telemetry';

startTelemetry('auth-service');
