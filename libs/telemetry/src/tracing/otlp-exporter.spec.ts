import { otlpProtocol } from './otlp-exporter';
import { otlpExportEnabled } from '../start-telemetry';

describe(otlpProtocol.name, () => {
  it('defaults to http/protobuf, honours http/json, the traces-specific variable first', () => {
    expect(otlpProtocol({})).toBe('http/protobuf');
    expect(otlpProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toBe('http/json');
    expect(otlpProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' })).toBe('http/protobuf');
    expect(otlpProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toBe('http/protobuf');
  });
});

describe(otlpExportEnabled.name, () => {
  it('exports only when an endpoint (or another exporter) is configured', () => {
    expect(otlpExportEnabled({})).toBe(false);
    expect(otlpExportEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' })).toBe(true);
    expect(otlpExportEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces' })).toBe(true);
    expect(otlpExportEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(otlpExportEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(otlpExportEnabled({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
    expect(otlpExportEnabled({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
  });
});
