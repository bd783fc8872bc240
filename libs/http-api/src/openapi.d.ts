export type paths = {
    "/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account (role founder) */
        post: operations["auth.register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange email and password for an access and a refresh token */
        post: operations["auth.login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/change-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the signed-in user’s password; every other session of the user ends */
        post: operations["auth.changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: operations["auth.me.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit records, newest first, keyset paged */
        get: operations["audit.events.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/events/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every matching record as a streamed file, oldest first, as of the moment the export started */
        get: operations["audit.events.export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Walk the hash chain and check it against signed checkpoints */
        get: operations["audit.verify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the gateway process answers */
        get: operations["health.live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: Postgres, NATS and every service answer */
        get: operations["health.ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics of the whole platform (every service, gathered over NATS) */
        get: operations["metrics.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange a refresh token for a new pair; the presented one is spent (reuse revokes the whole session) */
        post: operations["auth.refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the presented access token and its refresh session */
        post: operations["auth.logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller’s live sessions, most recently used first; the caller’s own is marked current */
        get: operations["auth.sessions.list"];
        put?: never;
        post?: never;
        /** End every session of the caller but the current one */
        delete: operations["auth.sessions.deleteOthers"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one of the caller’s sessions: its refresh token and access tokens stop working */
        delete: operations["auth.sessions.delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public keys that verify access tokens: the next key, the active key and every key that may still verify a live token */
        get: operations["discovery.jwks.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Signing keys: kid, alg, status (next|active|retiring|retired|revoked), created_at, activated_at, expires_at; with as_of (admin or auditor, audit:read): the keys and their status at that instant, with evidence */
        get: operations["admin.keys.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Planned rotation: the next key (public for at least one JWKS cache period) starts signing; the old key verifies until its tokens expire */
        post: operations["admin.keys.rotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys/{kid}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Emergency: the key stops verifying at once; if it was signing, the next key takes over */
        post: operations["admin.keys.revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/tokens/revoke-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Emergency: every access and refresh token issued before now is rejected, on every gateway replica within a second; new logins work */
        post: operations["admin.tokens.revokeAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/service-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Service accounts, with their scopes, expiry and rotation due dates (never a secret); with as_of (admin or auditor, audit:read): as they were at that instant, with evidence */
        get: operations["admin.serviceAccounts.list"];
        put?: never;
        /** Create a service account: the client_secret (32 random bytes) is shown once and stored only as a hash */
        post: operations["admin.serviceAccounts.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/service-accounts/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** New client_secret; the previous one keeps working until previous_valid_until (grace window) */
        post: operations["admin.serviceAccounts.rotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/service-accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke: every secret stops at once and the tokens it obtained are rejected */
        delete: operations["admin.serviceAccounts.delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Accounts in creation order, keyset paged; with as_of (admin or auditor, audit:read): the accounts that existed at that instant, with their roles and status then and the evidence of each */
        get: operations["admin.users.list"];
        put?: never;
        /** Create an account with a temporary password (shown once; changed at first login) */
        post: operations["admin.users.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One account as it was at as_of (default: now), from the audit trail, with evidence (admin or auditor; recorded as HistoryQueried) */
        get: operations["admin.users.get"];
        put?: never;
        post?: never;
        /** Delete an account and revoke its tokens */
        delete: operations["admin.users.delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every audit record about the account, oldest first: {items:[{event_id, audit_seq, type, occurred_at, actor, changes}], next_cursor} (admin or auditor; recorded as HistoryQueried) */
        get: operations["admin.users.history.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{id}/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace the roles of an account (its tokens are revoked so new ones carry the new roles) */
        put: operations["admin.users.roles.update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lift a lockout and clear the failed-login count */
        post: operations["admin.users.unlock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{id}/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a temporary password (shown once; changed at first login), unlock, and revoke the account’s tokens */
        post: operations["admin.users.resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{id}/revoke-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke every access and refresh token of the account */
        post: operations["admin.users.revokeTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The live sessions of an account, most recently used first */
        get: operations["admin.users.sessions.list"];
        put?: never;
        post?: never;
        /** End every session of an account (SessionRevoked, reason admin); it can sign in again */
        delete: operations["admin.users.sessions.delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Effective runtime settings (environment defaults with every admin change applied); ETag = settings version. With as_of (admin or auditor, audit:read): {as_of, items:[{key, value, evidence}]} as they were at that instant */
        get: operations["admin.settings.get"];
        /** Change runtime settings (partial): applied by every replica without a restart, recorded as ConfigurationChanged with the before and after of each changed key; a PUT that changes nothing records nothing */
        put: operations["admin.settings.update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user’s second factors and how many recovery codes are left */
        get: operations["auth.mfa.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a TOTP enrolment: the secret and otpauth:// URI, shown once; pending until confirmed */
        post: operations["auth.mfa.totp.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/totp/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm a TOTP enrolment with a first code; the first factor of an account comes with 10 recovery codes, shown once */
        post: operations["auth.mfa.totp.confirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/webauthn/registration-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start registering a passkey: creation options for navigator.credentials.create (needs a recent sign-in; the challenge is single-use, valid 2 minutes) */
        post: operations["auth.mfa.webauthn.registrationOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/webauthn": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a named passkey with the browser’s response; the first factor of an account comes with 10 recovery codes, shown once */
        post: operations["auth.mfa.webauthn.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/webauthn/authentication-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Passkey request options for the login waiting on this mfa_token (no Bearer); each challenge attempt needs new options */
        post: operations["auth.mfa.webauthn.authenticationOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a second factor (needs a recent sign-in); removing the last one voids the recovery codes */
        delete: operations["auth.mfa.delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/recovery-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ten new recovery codes, shown once; the old set stops working (needs a recent sign-in) */
        post: operations["auth.mfa.recoveryCodes.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finish a login with a second factor: the mfa_token of POST /auth/login and a TOTP code, a recovery code or a passkey assertion */
        post: operations["auth.mfa.challenge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{id}/mfa/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Remove every second factor and recovery code of the account and end its sessions (lost device) */
        post: operations["admin.users.mfa.reset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/openid-configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Discovery: the issuer and its endpoints (OpenID Connect discovery path) */
        get: operations["discovery.openidConfiguration.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/oauth-authorization-server": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Discovery: the issuer and its endpoints (RFC 8414 path) */
        get: operations["discovery.oauthAuthorizationServer.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OAuth 2.0 token endpoint: the client_credentials grant for service accounts (client_secret_basic or client_secret_post) */
        post: operations["oauth.token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OAuth 2.0 token endpoint: the client_credentials grant for service accounts (client_secret_basic or client_secret_post) */
        post: operations["auth.token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/introspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** RFC 7662 token introspection; the caller authenticates as a service account with the scope tokens:introspect */
        post: operations["oauth.introspect"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** RFC 7009 token revocation (an access token, or a refresh token and its session); the token stops working everywhere within a second */
        post: operations["oauth.revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        /**
         * @description The stable `code` of every problem answer (libs/contracts ERROR_STATUS)
         * @enum {string}
         */
        ErrorCode: "BAD_REQUEST" | "VALIDATION_FAILED" | "PASSWORD_POLICY" | "MALFORMED_JSON" | "INVALID_SCOPE" | "UNSUPPORTED_GRANT_TYPE" | "INVALID_CREDENTIALS" | "UNAUTHENTICATED" | "INVALID_TOKEN" | "REFRESH_TOKEN_REUSED" | "REAUTHENTICATION_REQUIRED" | "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE" | "NOT_FOUND" | "EMAIL_TAKEN" | "CONFLICT" | "PRECONDITION_FAILED" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "INTERNAL" | "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE" | "TIMEOUT";
        Violation: {
            rule: string;
            message: string;
        };
        /** @description RFC 9457 problem JSON: the only shape an error leaves the gateway in */
        Problem: {
            /** Format: uri */
            type: string;
            title: string;
            status: number;
            detail: string;
            code: components["schemas"]["ErrorCode"];
            request_id: string;
            /** @description PASSWORD_POLICY: each rule the password breaks */
            violations?: components["schemas"]["Violation"][];
        };
        /** @description Problem JSON with the RFC 6749 5.2 `error` and `error_description` beside it (the OAuth endpoints) */
        OAuthProblem: {
            /** @enum {string} */
            error: "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_scope" | "insufficient_scope" | "temporarily_unavailable" | "server_error";
            error_description: string;
        } & components["schemas"]["Problem"];
        /**
         * @example {
         *       "id": "0193a4f2-6b1c-7d2e-8f30-41a5b6c7d8e9",
         *       "email": "ada@example.com",
         *       "roles": [
         *         "founder"
         *       ]
         *     }
         */
        RegisteredUser: {
            /** Format: uuid */
            id: string;
            /** Format: email */
            email: string;
            roles: ("admin" | "founder" | "auditor")[];
        };
        /**
         * @description A signed-in session: an access token and the refresh token of its session
         * @example {
         *       "access_token": "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIuLi4ifQ.c2ln",
         *       "refresh_token": "rt_Q2hvb3NlIGEgbG9uZyByYW5kb20gdmFsdWU",
         *       "token_type": "Bearer",
         *       "expires_in": 900,
         *       "refresh_expires_in": 604800,
         *       "password_change_required": false
         *     }
         */
        TokenPair: {
            /** @description A JWT; its `scope` claim holds the scopes of the user’s roles */
            access_token: string;
            /** @description Opaque, single use: POST /auth/refresh spends it */
            refresh_token: string;
            /** @constant */
            token_type: "Bearer";
            /** @description Seconds the access token lives */
            expires_in: number;
            /** @description Seconds the refresh token stays usable unused (idle timeout or the session’s end) */
            refresh_expires_in: number;
            /** @description True: the token carries only `password:change` */
            password_change_required: boolean;
            /**
             * @description Present only when true: the token carries only `mfa:enroll`
             * @constant
             */
            mfa_enrollment_required?: true;
        };
        /**
         * @description The password was right and a second factor is due: no token yet
         * @example {
         *       "mfa_required": true,
         *       "mfa_token": "mfa_3xYz0aBcDeFgHiJkLmNo",
         *       "methods": [
         *         "totp",
         *         "recovery_code"
         *       ]
         *     }
         */
        MfaRequired: {
            /** @constant */
            mfa_required: true;
            /** @description Short-lived; POST /auth/mfa/challenge finishes the login with it */
            mfa_token: string;
            methods: ("totp" | "webauthn" | "recovery_code")[];
        };
        /** @description A token pair, or (for a user with a second factor) an MFA challenge */
        LoginResponse: components["schemas"]["TokenPair"] | components["schemas"]["MfaRequired"];
        /**
         * @example {
         *       "id": "0193a4f2-6b1c-7d2e-8f30-41a5b6c7d8e9",
         *       "email": "ada@example.com",
         *       "name": "Ada",
         *       "roles": [
         *         "founder"
         *       ],
         *       "password_expires_at": "2027-03-06T09:00:00Z",
         *       "password_change_required": false
         *     }
         */
        PublicUser: {
            /** Format: uuid */
            id: string;
            /** Format: email */
            email: string;
            name: string | null;
            roles: ("admin" | "founder" | "auditor")[];
            /** Format: date-time */
            password_expires_at: string | null;
            password_change_required: boolean;
            /** @description The user’s roles demand a second factor they do not have */
            mfa_enrollment_required?: boolean;
        };
        Session: {
            /**
             * Format: uuid
             * @description The `sid` claim of its access tokens
             */
            id: string;
            /** Format: date-time */
            created_at: string;
            /**
             * Format: date-time
             * @description The sign-in or the latest refresh
             */
            last_used_at: string;
            ip: string | null;
            user_agent: string | null;
            /** @description The session of the access token that asked */
            current: boolean;
        };
        /**
         * @description Live sessions, most recently used first
         * @example {
         *       "items": [
         *         {
         *           "id": "0193a4f2-7c1e-7b3d-9a51-3f0c2d8e6b10",
         *           "created_at": "2026-12-06T08:00:00Z",
         *           "last_used_at": "2026-12-06T09:00:00Z",
         *           "ip": "203.0.113.7",
         *           "user_agent": "Mozilla/5.0",
         *           "current": true
         *         }
         *       ]
         *     }
         */
        SessionList: {
            items: components["schemas"]["Session"][];
        };
        MfaMethod: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            type: "totp" | "webauthn";
            label: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            last_used_at: string | null;
        };
        MfaStatus: {
            methods: components["schemas"]["MfaMethod"][];
            recovery_codes_left: number;
        };
        TotpEnrolment: {
            /** Format: uuid */
            id: string;
            /** @description Base32; shown once */
            secret: string;
            /** Format: uri */
            otpauth_uri: string;
        };
        /** @description Ten single-use codes, shown once */
        RecoveryCodes: {
            recovery_codes: string[];
        };
        /** @description Recovery codes only at the account’s first factor, else `{}` */
        MfaConfirmed: {
            recovery_codes?: string[];
        };
        /** @description PublicKeyCredentialCreationOptionsJSON or PublicKeyCredentialRequestOptionsJSON */
        WebauthnOptions: {
            challenge: string;
            /** @description Registration: the relying party */
            rp?: {
                id: string;
                name: string;
            };
            /** @description Registration: what the authenticator must do */
            authenticatorSelection?: {
                userVerification?: string;
                residentKey?: string;
            };
            /** @description Registration: the passkeys the account already has */
            excludeCredentials?: {
                id: string;
                /** @constant */
                type: "public-key";
                transports?: string[];
            }[];
            /** @description Authentication: the passkeys that may answer */
            allowCredentials?: {
                id: string;
                /** @constant */
                type: "public-key";
                transports?: string[];
            }[];
        } & {
            [key: string]: unknown;
        };
        WebauthnRegistered: {
            /** Format: uuid */
            id: string;
            recovery_codes?: string[];
        };
        /**
         * @example {
         *       "access_token": "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIuLi4ifQ.c2ln",
         *       "token_type": "Bearer",
         *       "expires_in": 900,
         *       "scope": "audit:read"
         *     }
         */
        ClientToken: {
            access_token: string;
            /** @constant */
            token_type: "Bearer";
            expires_in: number;
            /** @description The granted scopes, space separated */
            scope: string;
        };
        /** @description RFC 7662: `{active:false}` for any token that does not work, else its claims */
        Introspection: {
            /** @constant */
            active: false;
        } | {
            /** @constant */
            active: true;
            sub: string;
            scope: string;
            exp: number;
            iat: number;
            iss?: string;
            client_id?: string;
            sid?: string;
            token_type: string;
        };
        Empty: Record<string, never>;
        /** @description RFC 8414 authorization server metadata */
        ServerMetadata: {
            /** Format: uri */
            issuer: string;
            /** Format: uri */
            jwks_uri: string;
            /** Format: uri */
            token_endpoint: string;
            /** Format: uri */
            introspection_endpoint: string;
            /** Format: uri */
            revocation_endpoint: string;
            grant_types_supported: string[];
            token_endpoint_auth_methods_supported: string[];
            introspection_endpoint_auth_methods_supported: string[];
            revocation_endpoint_auth_methods_supported: string[];
            scopes_supported: string[];
        };
        Jwks: {
            keys: ({
                kid: string;
                alg: string;
                /** @constant */
                use: "sig";
                kty: string;
            } & {
                [key: string]: unknown;
            })[];
        };
        Liveness: {
            /** @constant */
            status: "ok";
        };
        Readiness: {
            /** @enum {string} */
            status: "ready" | "not_ready";
            /** @description Each dependency and its state */
            checks: {
                [key: string]: unknown;
            };
        };
        AdminUser: {
            status: string;
            /** @description Locked now */
            locked: boolean;
            /** Format: date-time */
            locked_until: string | null;
            failed_attempts: number;
            /** Format: date-time */
            created_at: string;
        } & components["schemas"]["PublicUser"];
        /** @description Accounts in id order, keyset paged */
        UserPage: {
            items: components["schemas"]["AdminUser"][];
            /** @description Pass as `cursor` for the next page; null on the last */
            next_cursor: string | null;
        };
        /** @description The audit record of the last event that shaped the item */
        Evidence: {
            /** Format: uuid */
            event_id: string;
            audit_seq: number;
        };
        UserAsOf: {
            /** Format: uuid */
            id: string;
            email: string;
            name: string | null;
            roles: ("admin" | "founder" | "auditor")[];
            /** @enum {string} */
            status: "active" | "locked";
            /** Format: date-time */
            created_at: string;
            evidence: components["schemas"]["Evidence"];
        };
        /** @description The users that existed at `as_of`, with their roles and status then */
        UserAsOfPage: {
            /** Format: date-time */
            as_of: string;
            items: components["schemas"]["UserAsOf"][];
            next_cursor?: string | null;
        };
        /** @description Today’s accounts, or (with `as_of`) the accounts as they were then */
        UserList: components["schemas"]["UserPage"] | components["schemas"]["UserAsOfPage"];
        UserHistoryEntry: {
            /** Format: uuid */
            event_id: string;
            audit_seq: number;
            type: string;
            /** Format: date-time */
            occurred_at: string;
            actor: {
                type: string;
                id: string | null;
            };
            changes: {
                [key: string]: unknown;
            };
        };
        /** @description Oldest first */
        UserHistoryPage: {
            /** Format: uuid */
            user_id: string;
            items: components["schemas"]["UserHistoryEntry"][];
            next_cursor: string | null;
        };
        CreatedUser: {
            /** Format: uuid */
            id: string;
            /** Format: email */
            email: string;
            roles: ("admin" | "founder" | "auditor")[];
            /** @description Shown once; changed at first login */
            temporary_password: string;
        };
        UserRoles: {
            /** Format: uuid */
            id: string;
            roles: ("admin" | "founder" | "auditor")[];
        };
        TemporaryPassword: {
            /** @description Shown once; changed at first login */
            temporary_password: string;
        };
        /**
         * @example {
         *       "not_before": "2026-12-06T09:00:00.000Z"
         *     }
         */
        NotBefore: {
            /**
             * Format: date-time
             * @description Every token issued before this instant is rejected
             */
            not_before: string;
        };
        /** @description A signing key: never any key material */
        SigningKey: {
            kid: string;
            alg: string;
            /** @enum {string} */
            status: "next" | "active" | "retiring" | "retired" | "revoked";
            /**
             * Format: date-time
             * @description Null only for the HS256 runbook secret
             */
            created_at: string | null;
            /** Format: date-time */
            activated_at: string | null;
            /**
             * Format: date-time
             * @description When the key stops verifying tokens
             */
            expires_at: string | null;
            /**
             * Format: date-time
             * @description Active key: when the schedule replaces it
             */
            rotates_at?: string | null;
            /** Format: date-time */
            retiring_at?: string | null;
            /** Format: date-time */
            revoked_at?: string | null;
        };
        SigningKeyList: {
            items: components["schemas"]["SigningKey"][];
        };
        SigningKeyAsOf: {
            kid: string;
            alg: string;
            fingerprint: string;
            /** @enum {string} */
            status: "next" | "active" | "retiring" | "retired" | "revoked";
            /** Format: date-time */
            created_at: string;
            evidence: components["schemas"]["Evidence"];
        };
        /** @description The signing keys as they were at `as_of` */
        SigningKeysAsOf: {
            /** Format: date-time */
            as_of: string;
            items: components["schemas"]["SigningKeyAsOf"][];
            next_cursor?: string | null;
        };
        SigningKeys: components["schemas"]["SigningKeyList"] | components["schemas"]["SigningKeysAsOf"];
        RotationOutcome: {
            /** @enum {string} */
            status: "rotated" | "scheduled";
            active_kid: string | null;
            previous_kid?: string | null;
            next_kid?: string | null;
            /**
             * Format: date-time
             * @description scheduled: when the next key starts signing
             */
            activates_at?: string | null;
        };
        /** @description A service account: never its secret or the secret’s hash */
        ServiceAccount: {
            /** Format: uuid */
            id: string;
            client_id: string;
            name: string;
            scopes: string[];
            /** @enum {string} */
            status: "active" | "revoked" | "expired";
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at: string | null;
            /** Format: date-time */
            secret_rotated_at: string;
            /** Format: date-time */
            rotation_due_at: string;
            /** Format: date-time */
            previous_valid_until: string | null;
            /** Format: date-time */
            revoked_at: string | null;
            /** @description Where the platform writes the secret and rotates it every SERVICE_ACCOUNT_ROTATION_DAYS (null: the client keeps it) */
            secret_ref: {
                /** @enum {string} */
                provider: "file" | "aws-secrets-manager" | "aws-ssm";
                name: string;
            } | null;
        };
        ServiceAccountList: {
            items: components["schemas"]["ServiceAccount"][];
        };
        ServiceAccountAsOf: {
            /** Format: uuid */
            id: string;
            client_id: string;
            name: string;
            scopes: string[];
            /** @enum {string} */
            status: "active" | "revoked";
            /** Format: date-time */
            expires_at: string | null;
            /** Format: date-time */
            secret_rotated_at: string;
            /** Format: date-time */
            created_at: string;
            evidence: components["schemas"]["Evidence"];
        };
        /** @description The service accounts as they were at `as_of` */
        ServiceAccountsAsOf: {
            /** Format: date-time */
            as_of: string;
            items: components["schemas"]["ServiceAccountAsOf"][];
            next_cursor?: string | null;
        };
        ServiceAccounts: components["schemas"]["ServiceAccountList"] | components["schemas"]["ServiceAccountsAsOf"];
        CreatedServiceAccount: {
            /** @description Shown once; stored only as a hash */
            client_secret: string;
        } & components["schemas"]["ServiceAccount"];
        RotatedSecret: {
            /** @description Shown once */
            client_secret: string;
            /**
             * Format: date-time
             * @description The previous secret works until then
             */
            previous_valid_until: string;
        };
        SettingsView: {
            /**
             * @description Password policy profile applied to every new or changed password
             * @enum {string}
             */
            password_policy: "seed" | "nist-800-63b-4" | "pci-dss-4";
            /** @description Allowed browser origins: scheme://host[:port], no path, no wildcard */
            cors_origins: string[];
            /** @description Lifetime of access tokens issued from now on */
            access_token_ttl_seconds: number;
            /** @description Absolute lifetime of refresh-token families started from now on */
            refresh_token_ttl_seconds: number;
            /** @description A session not refreshed for this long ends at its next refresh (running sessions included) */
            session_idle_timeout_seconds: number;
            /** @description No session outlives this from its sign-in (running sessions included) */
            session_max_lifetime_seconds: number;
            /** @description Roles that must use a second factor; a user in one of them without a factor can, after the password, only enrol one */
            mfa_required_roles: ("admin" | "founder" | "auditor")[];
            /**
             * Format: date-time
             * @description Time of the last change; null while every key is its environment default
             */
            updated_at: string | null;
            /** @description Actor id of the last change */
            updated_by: string | null;
        };
        SettingAsOf: {
            key: string;
            /** @description The value then */
            value: string | number | string[];
            evidence: components["schemas"]["Evidence"] | null;
        };
        /** @description Every setting as it was at `as_of` */
        SettingsAsOf: {
            /** Format: date-time */
            as_of: string;
            items: components["schemas"]["SettingAsOf"][];
        };
        Settings: components["schemas"]["SettingsView"] | components["schemas"]["SettingsAsOf"];
        AuditRecord: {
            seq: number;
            /** Format: uuid */
            event_id: string;
            type: string;
            /** Format: date-time */
            occurred_at: string;
            /** Format: date-time */
            recorded_at: string;
            actor: {
                /** @enum {string} */
                type: "user" | "service_account" | "system" | "cli";
                id: string | null;
            };
            subject: {
                type: string;
                id: string;
            };
            /** @enum {string} */
            outcome: "success" | "failure";
            source: {
                service: string;
                ip?: string;
                user_agent?: string;
            };
            trace_id: string | null;
            /**
             * Format: uri
             * @description GET /audit/events only, when a trace UI is configured: the trace
             */
            trace_url?: string;
            data: {
                [key: string]: unknown;
            };
            /** @description The producer’s signature as the event arrived (absent on records older than signed events) */
            proof?: {
                producer: string;
                /** @description The bus subject it was published on */
                subject: string;
                key_id: string;
                signature: string;
                payload_sha256: string;
            };
            prev_hash: string;
            /** @description SHA-256(prev_hash || canonical JSON of the record without hash) */
            hash: string;
        };
        /** @description Newest first, keyset paged */
        AuditPage: {
            items: components["schemas"]["AuditRecord"][];
            /** @description Pass as `cursor` for the next page; null on the last */
            next_cursor: string | null;
        };
        VerifyResult: {
            ok: boolean;
            /** @description Records 1..checked are vouched for */
            checked: number;
            head: {
                seq: number;
                hash: string;
            } | null;
            first_bad_seq?: number;
            reason?: string;
            /** @description What the chain was checked against */
            checkpoints: {
                /** @description Signed checkpoints stored beside the chain */
                stored: number;
                /** @description seq of the newest checkpoint copy found on the event stream; null when none */
                outside_copy_seq: number | null;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    "auth.register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    password: string;
                    name?: string | null;
                };
            };
        };
        responses: {
            /** @description The account (role founder) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisteredUser"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, PASSWORD_POLICY, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "PASSWORD_POLICY" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: EMAIL_TAKEN */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "EMAIL_TAKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Signed in, or a second factor is due */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, PASSWORD_POLICY, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "PASSWORD_POLICY" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INVALID_CREDENTIALS */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INVALID_CREDENTIALS";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.changePassword": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    current_password: string;
                    new_password: string;
                };
            };
        };
        responses: {
            /** @description Changed; the other sessions ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, PASSWORD_POLICY, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "PASSWORD_POLICY" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INVALID_CREDENTIALS, UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INVALID_CREDENTIALS" | "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: MFA_ENROLLMENT_REQUIRED, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "MFA_ENROLLMENT_REQUIRED" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.me.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed-in user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicUser"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "audit.events.list": {
        parameters: {
            query?: {
                type?: string;
                actor_id?: string;
                subject_id?: string;
                outcome?: "success" | "failure";
                /** @description occurred_at >= from (RFC 3339) */
                from?: string;
                /** @description occurred_at < to (RFC 3339) */
                to?: string;
                trace_id?: string;
                /** @description next_cursor of the previous page */
                cursor?: string;
                /** @description 1..1000, default 100 */
                limit?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of audit records */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "audit.events.export": {
        parameters: {
            query?: {
                type?: string;
                actor_id?: string;
                subject_id?: string;
                outcome?: "success" | "failure";
                /** @description occurred_at >= from (RFC 3339) */
                from?: string;
                /** @description occurred_at < to (RFC 3339) */
                to?: string;
                trace_id?: string;
                /** @description next_cursor of the previous page */
                cursor?: string;
                /** @description 1..1000, default 100 */
                limit?: string;
                /** @description default ndjson */
                format?: "csv" | "ndjson";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every matching record: CSV or NDJSON */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv; charset=utf-8": string;
                    "application/x-ndjson; charset=utf-8": string;
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "audit.verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The verdict on the chain */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyResult"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "health.live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process answers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Liveness"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "health.ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Not ready: the checks say which dependency */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    "metrics.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain; version=0.0.4; charset=utf-8": string;
                };
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    refresh_token: string;
                };
            };
        };
        responses: {
            /** @description A new pair; the presented refresh token is spent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INVALID_TOKEN, REFRESH_TOKEN_REUSED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INVALID_TOKEN" | "REFRESH_TOKEN_REUSED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    refresh_token?: string;
                };
            };
        };
        responses: {
            /** @description Signed out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.sessions.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller’s live sessions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.sessions.deleteOthers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every other session ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.sessions.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "discovery.jwks.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The JSON Web Key Set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Jwks"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.keys.list": {
        parameters: {
            query?: {
                /** @description RFC 3339 instant: a point-in-time read (recorded as HistoryQueried) */
                as_of?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signing keys (as they were at as_of when given) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigningKeys"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.keys.rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rotated now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotationOutcome"];
                };
            };
            /** @description Scheduled: the next key becomes active at activates_at */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotationOutcome"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "CONFLICT";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.keys.revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                kid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description The revoked key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigningKey"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "CONFLICT";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.tokens.revokeAll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The cutoff now in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotBefore"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.serviceAccounts.list": {
        parameters: {
            query?: {
                /** @description RFC 3339 instant: a point-in-time read (recorded as HistoryQueried) */
                as_of?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Service accounts (as they were at as_of when given) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceAccounts"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.serviceAccounts.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    scopes: ("users:read" | "users:write" | "audit:read" | "keys:read" | "keys:rotate" | "tokens:revoke" | "settings:read" | "settings:write" | "service-accounts:read" | "service-accounts:write" | "metrics:read" | "tokens:introspect")[];
                    expires_in_days?: number;
                    secret_ref?: {
                        /** @enum {string} */
                        provider: "file" | "aws-secrets-manager" | "aws-ssm";
                        name: string;
                    };
                };
            };
        };
        responses: {
            /** @description The account and its client_secret (shown once) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedServiceAccount"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.serviceAccounts.rotate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new secret (shown once) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotatedSecret"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "CONFLICT";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.serviceAccounts.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "CONFLICT";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.users.list": {
        parameters: {
            query?: {
                cursor?: string;
                /** @description 1..200, default 50 */
                limit?: string;
                /** @description RFC 3339 instant: a point-in-time read (recorded as HistoryQueried) */
                as_of?: string;
                /** @description with as_of: only users holding this role then */
                role?: "admin" | "founder" | "auditor";
                /** @description with as_of: active or locked then */
                status?: "active" | "locked";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of accounts (as they were at as_of when given) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.users.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    name?: string | null;
                    roles: ("admin" | "founder" | "auditor")[];
                };
            };
        };
        responses: {
            /** @description The account and its temporary password (shown once) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedUser"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: EMAIL_TAKEN */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "EMAIL_TAKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.users.get": {
        parameters: {
            query?: {
                /** @description RFC 3339 instant */
                as_of?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account at as_of, with evidence */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserAsOf"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.users.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted; its tokens revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "CONFLICT";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.users.history.list": {
        parameters: {
            query?: {
                cursor?: string;
                /** @description 1..1000, default 1000 */
                limit?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account’s history, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserHistoryPage"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.users.roles.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    roles: ("admin" | "founder" | "auditor")[];
                };
            };
        };
        responses: {
            /** @description The roles now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRoles"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "CONFLICT";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.users.unlock": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unlocked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.users.resetPassword": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The temporary password (shown once) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemporaryPassword"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.users.revokeTokens": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every token of the account revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.users.sessions.list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account’s live sessions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.users.sessions.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every session ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.settings.get": {
        parameters: {
            query?: {
                /** @description RFC 3339 instant: a point-in-time read (recorded as HistoryQueried) */
                as_of?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The effective settings (ETag: their version), or with as_of the settings then */
            200: {
                headers: {
                    /** @description The settings version, for If-Match (absent with as_of) */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.settings.update": {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of a GET: answer 412 instead of applying when another admin changed the settings since */
                "If-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Password policy profile applied to every new or changed password
                     * @enum {string}
                     */
                    password_policy?: "seed" | "nist-800-63b-4" | "pci-dss-4";
                    /** @description Allowed browser origins: scheme://host[:port], no path, no wildcard */
                    cors_origins?: string[];
                    /** @description Lifetime of access tokens issued from now on */
                    access_token_ttl_seconds?: number;
                    /** @description Absolute lifetime of refresh-token families started from now on */
                    refresh_token_ttl_seconds?: number;
                    /** @description A session not refreshed for this long ends at its next refresh (running sessions included) */
                    session_idle_timeout_seconds?: number;
                    /** @description No session outlives this from its sign-in (running sessions included) */
                    session_max_lifetime_seconds?: number;
                    /** @description Roles that must use a second factor; a user in one of them without a factor can, after the password, only enrol one */
                    mfa_required_roles?: ("admin" | "founder" | "auditor")[];
                };
            };
        };
        responses: {
            /** @description The new effective settings */
            200: {
                headers: {
                    /** @description The new settings version */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettingsView"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "CONFLICT";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PRECONDITION_FAILED */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PRECONDITION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.mfa.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Factors and recovery codes left */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaStatus"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.mfa.totp.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    current_password: string;
                    label?: string;
                };
            };
        };
        responses: {
            /** @description Pending enrolment: the secret, shown once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TotpEnrolment"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, PASSWORD_POLICY, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "PASSWORD_POLICY" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INVALID_CREDENTIALS, UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INVALID_CREDENTIALS" | "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.mfa.totp.confirm": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The current 6-digit code of the authenticator app */
                    code: string;
                };
            };
        };
        responses: {
            /** @description Confirmed; recovery codes at the first factor, else {} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaConfirmed"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INVALID_CREDENTIALS, UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INVALID_CREDENTIALS" | "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "CONFLICT";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.mfa.webauthn.registrationOptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description PublicKeyCredentialCreationOptionsJSON */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebauthnOptions"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN, REAUTHENTICATION_REQUIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN" | "REAUTHENTICATION_REQUIRED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.mfa.webauthn.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A name for the passkey (e.g. "laptop") */
                    label: string;
                    /** @description The RegistrationResponseJSON of navigator.credentials.create with the options of /auth/mfa/webauthn/registration-options */
                    response: {
                        id: string;
                        rawId: string;
                        /** @enum {string} */
                        type: "public-key";
                        /** @enum {string} */
                        authenticatorAttachment?: "platform" | "cross-platform";
                        clientExtensionResults?: Record<string, never>;
                        response: {
                            clientDataJSON: string;
                            attestationObject: string;
                            authenticatorData?: string;
                            transports?: string[];
                            publicKeyAlgorithm?: number;
                            publicKey?: string;
                            signature?: string;
                            userHandle?: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Registered; recovery codes at the first factor */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebauthnRegistered"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "CONFLICT";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.mfa.webauthn.authenticationOptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    mfa_token: string;
                };
            };
        };
        responses: {
            /** @description PublicKeyCredentialRequestOptionsJSON */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebauthnOptions"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "CONFLICT";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.mfa.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN, REAUTHENTICATION_REQUIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN" | "REAUTHENTICATION_REQUIRED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.mfa.recoveryCodes.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new codes, shown once */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodes"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN, REAUTHENTICATION_REQUIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN" | "REAUTHENTICATION_REQUIRED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "CONFLICT";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "auth.mfa.challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    mfa_token: string;
                    /** @enum {string} */
                    type: "totp" | "webauthn" | "recovery_code";
                    /** @description totp and recovery_code: the code */
                    code?: string;
                    /** @description webauthn: the AuthenticationResponseJSON of navigator.credentials.get with the options of /auth/mfa/webauthn/authentication-options */
                    response?: {
                        id: string;
                        rawId: string;
                        /** @enum {string} */
                        type: "public-key";
                        /** @enum {string} */
                        authenticatorAttachment?: "platform" | "cross-platform";
                        clientExtensionResults?: Record<string, never>;
                        response: {
                            clientDataJSON: string;
                            attestationObject?: string;
                            authenticatorData?: string;
                            transports?: string[];
                            publicKeyAlgorithm?: number;
                            publicKey?: string;
                            signature?: string;
                            userHandle?: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INVALID_CREDENTIALS, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INVALID_CREDENTIALS" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "admin.users.mfa.reset": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every factor removed, every session ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: UNAUTHENTICATED, INVALID_TOKEN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED" | "INVALID_TOKEN";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: PASSWORD_CHANGE_REQUIRED, MFA_ENROLLMENT_REQUIRED, FORBIDDEN, INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PASSWORD_CHANGE_REQUIRED" | "MFA_ENROLLMENT_REQUIRED" | "FORBIDDEN" | "INSUFFICIENT_SCOPE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "discovery.openidConfiguration.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Server metadata */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServerMetadata"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "discovery.oauthAuthorizationServer.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Server metadata */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServerMetadata"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & WithRequired<components["schemas"]["Problem"], "code">;
                };
            };
        };
    };
    "oauth.token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /** @enum {string} */
                    grant_type: "client_credentials";
                    scope?: string;
                    client_id?: string;
                    client_secret?: string;
                };
                "application/json": {
                    /** @enum {string} */
                    grant_type: "client_credentials";
                    scope?: string;
                    client_id?: string;
                    client_secret?: string;
                };
            };
        };
        responses: {
            /** @description An access token for the service account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientToken"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON, INVALID_SCOPE, UNSUPPORTED_GRANT_TYPE */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON" | "INVALID_SCOPE" | "UNSUPPORTED_GRANT_TYPE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: INVALID_CREDENTIALS */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INVALID_CREDENTIALS";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
        };
    };
    "auth.token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /** @enum {string} */
                    grant_type: "client_credentials";
                    scope?: string;
                    client_id?: string;
                    client_secret?: string;
                };
                "application/json": {
                    /** @enum {string} */
                    grant_type: "client_credentials";
                    scope?: string;
                    client_id?: string;
                    client_secret?: string;
                };
            };
        };
        responses: {
            /** @description An access token for the service account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientToken"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON, INVALID_SCOPE, UNSUPPORTED_GRANT_TYPE */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON" | "INVALID_SCOPE" | "UNSUPPORTED_GRANT_TYPE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: INVALID_CREDENTIALS */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INVALID_CREDENTIALS";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
        };
    };
    "oauth.introspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    token: string;
                    token_type_hint?: string;
                    client_id?: string;
                    client_secret?: string;
                };
                "application/json": {
                    token: string;
                    token_type_hint?: string;
                    client_id?: string;
                    client_secret?: string;
                };
            };
        };
        responses: {
            /** @description The token’s state */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Introspection"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: INVALID_CREDENTIALS */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INVALID_CREDENTIALS";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: INSUFFICIENT_SCOPE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INSUFFICIENT_SCOPE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
        };
    };
    "oauth.revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    token: string;
                    token_type_hint?: string;
                    client_id?: string;
                    client_secret?: string;
                };
                "application/json": {
                    token: string;
                    token_type_hint?: string;
                    client_id?: string;
                    client_secret?: string;
                };
            };
        };
        responses: {
            /** @description Revoked (or unknown: RFC 7009 answers alike) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Empty"];
                };
            };
            /** @description Problem JSON: BAD_REQUEST, VALIDATION_FAILED, MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "BAD_REQUEST" | "VALIDATION_FAILED" | "MALFORMED_JSON";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: INVALID_CREDENTIALS */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INVALID_CREDENTIALS";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "INTERNAL";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
            /** @description Problem JSON: SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE" | "DEPENDENCY_UNAVAILABLE";
                    } & components["schemas"]["OAuthProblem"];
                };
            };
        };
    };
}
type WithRequired<T, K extends keyof T> = T & {
    [P in K]-?: T[P];
};
