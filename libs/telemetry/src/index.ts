export * from './start-telemetry';
export * from './trace-context';
export * from './redaction';
export * from './logger';
export * from './tracing/redacting-span-exporter';
export * from './tracing/otlp-exporter';
export * from './metrics';
export * from './tracing/http-route';
