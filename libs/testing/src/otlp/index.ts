export * from './otlp-span.types';
export * from './otlp-receiver';
export * from './otlp-json.decoder';
export * from './otlp-protobuf.decoder';
export * from './otlp-logs-receiver';
