import type { Client } from 'pg';
import type { RequestMeta } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';

export type CheckStatus = 'pass' | 'fail' | 'warn';

/** One line of the doctor's report: what was found, and when it is not a pass, what to do. */
export interface CheckOutcome {
  status: CheckStatus;
  detail: string;
  fix?: string;
}

/** What a check may look at: the environment under test, the clock, and lazily the stack. */
export interface DoctorContext {
  env: NodeJS.ProcessEnv;
  now(): Date;
  /** DATABASE_URL of the environment under test; one connection shared by the checks. */
  db(): Promise<Client>;
  rpc(): Promise<RpcClient>;
  meta(): RequestMeta;
}

export interface DoctorCheck {
  /** Stable, kebab-case: `--check <id>` and the JSON output use it. */
  id: string;
  /** The runbook's checklist item it replaces. */
  title: string;
  /** Default 20 s: a check that cannot decide in time fails rather than hanging the report. */
  timeoutMs?: number;
  run(ctx: DoctorContext): Promise<CheckOutcome>;
}

export const pass = (detail: string): CheckOutcome => ({ status: 'pass', detail });
export const fail = (detail: string, fix: string): CheckOutcome => ({ status: 'fail', detail, fix });
export const warn = (detail: string, fix: string): CheckOutcome => ({ status: 'warn', detail, fix });
