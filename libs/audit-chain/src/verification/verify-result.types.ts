/** The verdict's shape is a contract (audit-service answers it); `verifyChain` produces it. */
export type { VerifyFailureReason, VerifyResult } from '@tr4ction/contracts';
