/**
 * `tr4ction secrets rotate signing-key [--emergency] | master-key [--staged] | checkpoint-key | service-account ID | db-password SERVICE`: rotation through
 * rotation-service (and auth-service for the HS256 emergency), evented and audited as the operator.
 */
import type { Command } from 'commander';
import { commandAction, type RunState } from '../../framework/command-action';
import { matching, reasonText } from '../../framework/option-parsers';
import { rotateMasterKey } from './master-key.rotation';
import { ACCOUNT_REF, rotateServiceAccount } from './service-account.rotation';
import { DEFAULT_EMERGENCY_REASON, rotateSigningKey, type SigningKeyRotationOptions } from './signing-key.rotation';
import { rotateStoredKey } from './stored-key.rotation';
import { DB_PASSWORD_SERVICES, rotateDatabasePassword } from './db-password.rotation';

export function registerRotateCommands(secrets: Command, state: RunState): void {
  const rotate = secrets
    .command('rotate')
    .description(
      'rotate the token signing key, the master key, the audit checkpoint key, a service-account secret or a service database password (through rotation-service)',
    );

  rotate
    .command('signing-key')
    .description('planned rotation of the access-token signing key; --emergency revokes the active key at once')
    .option('--emergency', 'the key is (or may be) exposed: revoke it now, so every token it signed is rejected at once; a new key signs from now on')
    .option('--reason <text>', `why (with --emergency; kept in the audit record; default "${DEFAULT_EMERGENCY_REASON}")`, reasonText)
    .addHelpText(
      'after',
      [
        '',
        'RS256/ES256 (default, JWT_ALGORITHM): keys are generated and kept by rotation-service.',
        '  planned    the published next key starts signing; the old key verifies its tokens until they expire',
        '             (nobody is signed out). If the next key is too new (JWKS_CACHE_SECONDS), it is scheduled.',
        '  emergency  the active key is revoked (SigningKeyRevoked) and stops verifying at once; a next key takes',
        '             over in the same transaction (SecretRotated {emergency: true}). New logins work.',
        'HS256 (runbook mode): store the new JWT_SECRET_KEY in the secrets provider FIRST',
        '  (`npx tr4ction secrets generate --hex 32 --no-newline` into it), then run this command:',
        '  planned    the services re-read the secret; tokens of the old one verify for one more token lifetime',
        '  emergency  the same, and every token issued before now is revoked (AllTokensRevoked)',
        'With --emergency the command returns once its events are on the bus (every gateway has applied them).',
        '',
        'Examples:',
        '  npx tr4ction --operator alice secrets rotate signing-key',
        '  npx tr4ction --operator alice secrets rotate signing-key --emergency --reason "INC-1234: key material in a log"',
      ].join('\n'),
    )
    .action(commandAction<SigningKeyRotationOptions>(state, ({ ctx, opts }) => rotateSigningKey(ctx, opts), { traced: true }));

  rotate
    .command('master-key')
    .description('re-encrypt every stored signing key under the new SIGNING_KEYS_MASTER_KEY (--staged: rotation-service makes the new key itself)')
    .option('--staged', 'the key is in a file or AWS store: rotation-service writes a new one there, re-encrypts every stored key and retires the old one')
    .addHelpText(
      'after',
      [
        '',
        'Steps (docs/tokens-and-keys.md, "Rotating the master key"):',
        '  1. in the secrets provider, copy the current SIGNING_KEYS_MASTER_KEY to SIGNING_KEYS_MASTER_KEY_PREVIOUS',
        '     and write a new one (`npx tr4ction secrets generate --hex 32 --no-newline`) as SIGNING_KEYS_MASTER_KEY;',
        '  2. run this command: rotation-service re-encrypts every stored key in one transaction (SecretRotated);',
        '  3. remove SIGNING_KEYS_MASTER_KEY_PREVIOUS. Tokens keep working throughout; nobody is signed out.',
        'A stored key that opens with neither key stops it with nothing changed (SecretRotationFailed).',
        '',
        'Example: npx tr4ction --operator alice secrets rotate master-key',
      ].join('\n'),
    )
    .action(
      commandAction<{ staged?: boolean }>(state, ({ ctx, opts }) => (opts.staged ? rotateStoredKey(ctx, 'master_key') : rotateMasterKey(ctx)), {
        traced: true,
      }),
    );

  rotate
    .command('service-account')
    .description('new secret for a service account, printed once; the previous one keeps working for the grace window')
    .argument('<id>', 'the account’s id (uuid) or client_id', matching(ACCOUNT_REF, 'a service-account id or client_id'))
    .addHelpText(
      'after',
      [
        '',
        'The previous secret keeps working until previous_valid_until (SERVICE_ACCOUNT_GRACE_HOURS, default 24 h),',
        'so the owner can deploy the new one first. A leaked secret: rotate, deploy the new one, and revoke the',
        'account’s tokens (`npx tr4ction tokens revoke-all` if in doubt).',
        '',
        'Example: npx tr4ction --operator alice secrets rotate service-account sa_3f9c2a',
      ].join('\n'),
    )
    .action(commandAction(state, ({ ctx, args }) => rotateServiceAccount(ctx, String(args[0])), { traced: true }));

  rotate
    .command('checkpoint-key')
    .description('new AUDIT_CHECKPOINT_KEY for audit checkpoints, staged through the secrets store (rotation-service)')
    .addHelpText(
      'after',
      [
        '',
        'Needs SECRETS_PROVIDER file or AWS (an env key is rotated by hand: apps/audit-service/README.md).',
        'Steps: a new Ed25519 key pending in the store; its public half trusted in AUDIT_CHECKPOINT_KEY_HISTORY;',
        'checked; made current. audit-service signs with it from its next look at the store; every older key',
        'stays trusted for what it signed before (docs/tokens-and-keys.md). Also runs every',
        'AUDIT_CHECKPOINT_KEY_ROTATION_DAYS (default 90) by itself.',
        '',
        'Example: npx tr4ction --operator alice secrets rotate checkpoint-key',
      ].join('\n'),
    )
    .action(commandAction(state, ({ ctx }) => rotateStoredKey(ctx, 'checkpoint_key'), { traced: true }));

  rotate
    .command('db-password')
    .description("rotate a service's own database password (in the secrets store and on its Postgres login), with no failed connection")
    .argument(
      '<service>',
      `the service whose login it is (audit-writer: audit-service's append-only login): ${DB_PASSWORD_SERVICES.join(', ')}`,
      matching(new RegExp(`^(${DB_PASSWORD_SERVICES.join('|')})$`), 'a service with a database login'),
    )
    .addHelpText(
      'after',
      [
        '',
        'The password must be kept as DATABASE_PASSWORD_<IDENTITY> in the file or AWS store the services read (docs/deploy.md).',
        'rotation-service writes a new one as pending, logs in as the service’s role and changes the role’s own password',
        '(no CREATEROLE), tests it, then makes it current (SecretRotated {what: db_password}). Replicas read the store at',
        'each new connection and retry once with the new value when the old one is refused: no query fails, nothing restarts.',
        'It also happens on its own every DATABASE_PASSWORD_ROTATION_DAYS (30).',
        '',
        'Example: npx tr4ction --operator alice secrets rotate db-password user-service',
      ].join('\n'),
    )
    .action(commandAction(state, ({ ctx, args }) => rotateDatabasePassword(ctx, String(args[0])), { traced: true }));
}
