/**
 * Decides one request against RPC_PROOF_RULES: the receiving service's own judgement of who is
 * asking and whether they may, whatever the sender claims. Pure apart from the judges it is given,
 * so the table and the decisions are unit-tested without a bus.
 */
import {
  proofRuleFor,
  type Actor,
  type EndUserProofRule,
  type ProvenTokenSubject,
  type RequestMeta,
  type RequestProof,
  type RpcProofRule,
  type RpcRefusalReason,
} from '@tr4ction/contracts';
import type { OperatorAssertionVerdict } from '@tr4ction/security';
import type { AccessTokenJudge, TokenJudgement } from './access-token-judge';

export const PASSWORD_CHANGE_SCOPE = 'password:change';
export const MFA_ENROLL_SCOPE = 'mfa:enroll';

export interface OperatorAssertionCheck {
  verify(assertion: string, pattern: string, data: unknown): OperatorAssertionVerdict;
}

export type ProofDecision =
  | { allowed: true; /** The verified requester, replacing the claimed one; absent when the rule needs none. */ actor?: Actor }
  | { allowed: false; reason: RpcRefusalReason; actor: Actor; actorVerified: boolean; proof: RequestProof['kind'] | 'none' };

export interface RpcProofCheckerDeps {
  tokens: AccessTokenJudge;
  operators: OperatorAssertionCheck;
  rules?: (pattern: string) => RpcProofRule | undefined;
}

const ACTOR_TYPES: ReadonlySet<string> = new Set(['user', 'service_account', 'system', 'cli']);

export class RpcProofChecker {
  private readonly rules: (pattern: string) => RpcProofRule | undefined;

  constructor(private readonly deps: RpcProofCheckerDeps) {
    this.rules = deps.rules ?? proofRuleFor;
  }

  async check(pattern: string, meta: RequestMeta | undefined, data: unknown): Promise<ProofDecision> {
    const claimed = claimedActor(meta);
    const proof = wellFormedProof(meta?.proof);
    const refuse = (reason: RpcRefusalReason, actor: Actor = claimed, actorVerified = false): ProofDecision => ({
      allowed: false,
      reason,
      actor,
      actorVerified,
      proof: proof?.kind ?? 'none',
    });
    const rule = this.rules(pattern);
    if (!rule) return refuse('no_rule');
    if (rule.proof !== 'end_user') return { allowed: true };
    if (!proof) return refuse('proof_missing');

    if (proof.kind === 'operator_assertion') {
      const verdict = this.deps.operators.verify(proof.assertion, pattern, data);
      if (!verdict.ok) return refuse(verdict.reason === 'expired' ? 'proof_expired' : verdict.reason === 'replayed' ? 'proof_replayed' : 'proof_invalid');
      const actor: Actor = { type: 'cli', id: verdict.claims.sub };
      if (!rule.operator) return refuse('operator_not_allowed', actor, true);
      return { allowed: true, actor };
    }

    const notReady = this.deps.tokens.notReady();
    if (notReady) return refuse('verifier_not_ready');
    let judgement: TokenJudgement;
    try {
      judgement = await this.deps.tokens.judge(proof.token);
    } catch {
      // The judge could not answer (HS256 mode, auth-service unreachable): refuse rather than guess.
      return refuse('verifier_not_ready');
    }
    if (!judgement.ok) {
      const reasons = { not_ready: 'verifier_not_ready', expired: 'proof_expired', revoked: 'proof_revoked', invalid: 'proof_invalid' } as const;
      return refuse(reasons[judgement.reason]);
    }
    const actor = actorOfSubject(judgement.subject);
    const refusal = endUserRefusal(rule, judgement.subject, data);
    return refusal ? refuse(refusal, actor, true) : { allowed: true, actor };
  }
}

function endUserRefusal(rule: EndUserProofRule, subject: ProvenTokenSubject, data: unknown): RpcRefusalReason | undefined {
  const scopes = subject.scope.split(' ');
  if (scopes.includes(PASSWORD_CHANGE_SCOPE) && !rule.passwordChangeScope) return 'password_change_required';
  if (scopes.includes(MFA_ENROLL_SCOPE) && !rule.mfaEnrollScope) return 'mfa_enrollment_required';
  const self = rule.self !== undefined && isRecord(data) && data[rule.self] === subject.sub;
  if (rule.selfOnly) return self ? undefined : 'not_subject';
  if (rule.roles.length === 0 || self) return undefined;
  if (rule.scope !== undefined && scopes.includes(rule.scope)) return undefined;
  return rule.roles.some((r) => subject.roles.includes(r)) ? undefined : 'insufficient_role';
}

export function actorOfSubject(subject: ProvenTokenSubject): Actor {
  return { type: subject.client_id !== undefined ? 'service_account' : 'user', id: subject.sub };
}

/** What the request says about itself, kept only as far as it is well-formed (it is recorded, not believed). */
function claimedActor(meta: RequestMeta | undefined): Actor {
  const actor: unknown = meta?.actor;
  if (!isRecord(actor) || !ACTOR_TYPES.has(String(actor['type']))) return { type: 'user', id: null };
  const id = actor['id'];
  return { type: actor['type'] as Actor['type'], id: typeof id === 'string' && id.length <= 200 ? id : null };
}

function wellFormedProof(proof: unknown): RequestProof | undefined {
  if (!isRecord(proof)) return undefined;
  if (proof['kind'] === 'access_token' && typeof proof['token'] === 'string' && proof['token'].length > 0)
    return { kind: 'access_token', token: proof['token'] };
  if (proof['kind'] === 'operator_assertion' && typeof proof['assertion'] === 'string' && proof['assertion'].length > 0)
    return { kind: 'operator_assertion', assertion: proof['assertion'] };
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
