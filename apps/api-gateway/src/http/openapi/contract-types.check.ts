/**
 * Compile-time check that the OpenAPI document (through its generated types) accepts every body the
 * gateway answers with, where libs/contracts or a shared lib declares that body's TypeScript type:
 * a field added to one of these types without its schema in response-schemas.ts fails the typecheck.
 * No code runs here: the typecheck (tsconfig.json) reads it, the build leaves it out, so a stale
 * document can still be regenerated.
 */
import type { AuditPage } from '@tr4ction/audit-chain';
import type {
  AuditVerifyAnswer,
  MfaConfirmed,
  MfaRequiredResponse,
  MfaStatus,
  RecoveryCodes,
  SessionView,
  TotpEnrolment,
  UserHistoryPage,
  WebauthnRegistered,
} from '@tr4ction/contracts';
import type { ApiSchema } from '@tr4ction/http-api';

/** `true` only when every value of `Answered` is a value of `Documented`. */
type Accepts<Documented, Answered> = [Answered] extends [Documented] ? true : false;

export type ContractTypesAgree = [
  Accepts<ApiSchema<'MfaStatus'>, MfaStatus>,
  Accepts<ApiSchema<'TotpEnrolment'>, TotpEnrolment>,
  Accepts<ApiSchema<'RecoveryCodes'>, RecoveryCodes>,
  Accepts<ApiSchema<'MfaConfirmed'>, MfaConfirmed>,
  Accepts<ApiSchema<'WebauthnRegistered'>, WebauthnRegistered>,
  Accepts<ApiSchema<'MfaRequired'>, MfaRequiredResponse>,
  Accepts<ApiSchema<'Session'>, SessionView>,
  Accepts<ApiSchema<'UserHistoryPage'>, UserHistoryPage>,
  Accepts<ApiSchema<'VerifyResult'>, AuditVerifyAnswer>,
  Accepts<ApiSchema<'AuditPage'>, AuditPage>,
];

const agree: ContractTypesAgree = [true, true, true, true, true, true, true, true, true, true];
void agree;
