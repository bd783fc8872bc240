/**
 * Records operator actions done outside the services. The event goes to audit-service's outbox in a
 * transaction and, through the relay and JetStream, into the audit log like every other event.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { BackupCompletedRequest, OperationRecorded, RequestMeta, RestoreCompletedRequest } from '@tr4ction/contracts';
import { buildEvent, type BuildEventInput, type UnitOfWork } from '@tr4ction/messaging';
import { SERVICE_NAME, UNIT_OF_WORK } from '@tr4ction/platform';
import { OperationsErrors } from './operations.errors';
import { actorProblems, backupProblems, restoreProblems } from './operations.validation';

@Injectable()
export class OperationsService {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  backupCompleted(meta: RequestMeta, data: BackupCompletedRequest): Promise<OperationRecorded> {
    return this.record(meta, backupProblems(data), {
      type: 'DatabaseBackupCompleted',
      subject: { type: 'database', id: data.database },
      data: { size_bytes: data.size_bytes, sha256: data.sha256, file_name: data.file_name },
    });
  }

  restoreCompleted(meta: RequestMeta, data: RestoreCompletedRequest): Promise<OperationRecorded> {
    return this.record(meta, restoreProblems(data), {
      type: 'DatabaseRestored',
      subject: { type: 'database', id: data.target_database },
      data: { sha256: data.sha256, file_name: data.file_name, target_database: data.target_database },
    });
  }

  /** Only the CLI reports operations; a valid report becomes one event, committed then relayed. */
  private async record<T extends 'DatabaseBackupCompleted' | 'DatabaseRestored'>(
    meta: RequestMeta,
    problems: string[],
    spec: BuildEventInput<T>,
  ): Promise<OperationRecorded> {
    this.assertCli(meta);
    if (problems.length) throw OperationsErrors.validation(problems);
    const event = buildEvent(this.service, meta, spec);
    await this.unitOfWork.run((_m, record) => record([event]));
    return { event_id: event.id, type: event.type };
  }

  private assertCli(meta: RequestMeta): void {
    if (actorProblems(meta).length) throw OperationsErrors.notCli();
  }
}
