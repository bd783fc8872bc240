/**
 * The pre-production checklist, in the runbook's order. To add a check, write
 * `checks/<name>.check.ts` exporting a `DoctorCheck` and append it here; `tr4ction doctor --list`,
 * `--check <id>` and the JSON output pick it up.
 */
import type { DoctorCheck } from './doctor-check';
import { auditChainCheck } from './checks/audit-chain.check';
import { configurationCheck } from './checks/configuration.check';
import { corsOriginsCheck } from './checks/cors-origins.check';
import { databaseBackupCheck } from './checks/database-backup.check';
import { defaultAccountsCheck } from './checks/default-accounts.check';
import { debugModeCheck, environmentCheck } from './checks/environment.check';
import { httpsCheck } from './checks/https.check';
import { busSecurityCheck } from './checks/bus-security.check';
import { databaseRolesCheck } from './checks/database-roles.check';
import { rotationFailuresCheck } from './checks/rotation-failures.check';
import { rotationsDueCheck } from './checks/rotations-due.check';
import { signingKeysCheck } from './checks/signing-keys.check';

export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  configurationCheck,
  environmentCheck,
  debugModeCheck,
  signingKeysCheck,
  defaultAccountsCheck,
  corsOriginsCheck,
  httpsCheck,
  busSecurityCheck,
  databaseRolesCheck,
  databaseBackupCheck,
  rotationsDueCheck,
  rotationFailuresCheck,
  auditChainCheck,
];
