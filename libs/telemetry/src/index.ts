export * from './start-telemetry';
export * from './trace-context';
export * from './redaction';
export * from './logger';
