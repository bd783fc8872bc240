/**
 * The runbook's default accounts. In development user-service seeds them with a forced change at
 * first login; in production it never creates them and refuses to start while any account still
 * accepts one of these passwords (the test runs in user-service, the owner of the accounts), and
 * `tr4ction doctor` fails its check when user-service reports one (`rpc.user.default-accounts`).
 */
export const DEFAULT_ACCOUNTS = [
  { email: 'admin@tr4ction.com', password: 'admin123', roles: ['admin'] },
  { email: 'demo@tr4ction.com', password: 'demo123', roles: ['founder'] },
];
