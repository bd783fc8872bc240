export * from './security.errors';
export * from './password-policy/password-policy.types';
export { MAX_PASSWORD_BYTES, MAX_PASSWORD_LENGTH } from './password-policy/password-text.util';
export { DEFAULT_POLICY_NAME, getPolicy, isPolicyName } from './password-policy/password-policy.profiles';
export { checkPassword, historyViolation } from './password-policy/password-policy.checker';
export { isCommonPassword, preloadPasswordBlocklist } from './password-policy/common-password.blocklist';
export { lockDurationSeconds, throttleDelaySeconds } from './password-policy/login-throttle.policy';
export {
  DEFAULT_ARGON2_PARAMS,
  DEFAULT_MAX_QUEUE,
  PasswordHasher,
  type Argon2Params,
  type HasherStats,
  type PasswordHasherOptions,
} from './password-hasher/password.hasher';
export { PasswordHistory } from './password-hasher/password-history.checker';
export { generateTemporaryPassword, MIN_TEMPORARY_PASSWORD_LENGTH } from './temporary-password/temporary-password.generator';
export { DEFAULT_ACCOUNTS } from './default-accounts/default-accounts';
export * from './message-signing';
export * from './operator-assertion/operator-assertion';
