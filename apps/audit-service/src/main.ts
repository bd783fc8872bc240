import './instrument';
import 'reflect-metadata';
import { ALL_EVENTS_SUBJECT } from '@tr4ction/contracts';
import { auditServiceSchema } from '@tr4ction/config';
import { runService } from '@tr4ction/platform';
import { auditServiceMigrations, AUDIT_SERVICE_SCHEMA } from './migrations';
import { AuditServiceModule } from './audit-service.module';

runService({
  name: 'audit-service',
  schema: auditServiceSchema,
  dbSchema: AUDIT_SERVICE_SCHEMA,
  migrations: auditServiceMigrations,
  rootModule: (deps) => AuditServiceModule.forRoot(deps),
  consumer: (config) => ({
    durable: 'audit-projector',
    filterSubjects: [ALL_EVENTS_SUBJECT],
    maxDeliver: config.AUDIT_MAX_DELIVERIES,
    ackWaitMs: config.AUDIT_ACK_WAIT_MS,
  }),
});
