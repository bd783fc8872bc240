import './instrument';
import 'reflect-metadata';
import { auditServiceSchema } from '@tr4ction/config';
import { runService } from '@tr4ction/platform';
import { adoptIntoProcessRegistry } from '@tr4ction/telemetry';
import { prepareAuditRuntime, type AuditRuntime } from './audit-runtime';
import { AuditServiceModule } from './audit-service.module';
import { auditConsumerOptions } from './consumer/audit-consumer.options';
import { AuditMetrics } from './metrics/audit-metrics';
import { replayTemporalProjections } from './temporal/temporal-replay';
import { auditServiceMigrations, AUDIT_SERVICE_SCHEMA } from './migrations';

// Process metrics (CPU, memory) come from the platform; the audit families join its registry.
const metrics = new AuditMetrics({ defaultMetrics: false });
adoptIntoProcessRegistry(metrics.registry);
let runtime: AuditRuntime | undefined;

runService({
  name: 'audit-service',
  schema: auditServiceSchema,
  dbSchema: AUDIT_SERVICE_SCHEMA,
  migrations: auditServiceMigrations,
  // Runs after the migrations (as the owner) and before Nest: keys and the restricted pool.
  preflight: async (config, _dataSource, logger) => {
    runtime = await prepareAuditRuntime(config, logger);
  },
  rootModule: (deps) => {
    if (!runtime) throw new Error('audit runtime was not prepared');
    return AuditServiceModule.forRoot(deps, runtime, metrics);
  },
  consumer: (config) => auditConsumerOptions(config, metrics),
  // The audit log is the event store here: replay rebuilds the temporal (as-of) projections from it.
  replay: (dataSource) => replayTemporalProjections(dataSource),
});
