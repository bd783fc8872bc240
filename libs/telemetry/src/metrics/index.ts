export * from './process-metrics';
export * from './platform-metrics';
export * from './merge-expositions';
