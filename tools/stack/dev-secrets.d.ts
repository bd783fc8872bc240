// Types for dev-secrets.js, which stays plain JavaScript because it runs before anything is compiled.
export declare const DEV_SECRETS_DIR: string;
export declare const DEV_SECRETS: Readonly<Record<string, number>>;
export declare const BUS_IDENTITIES: readonly string[];
export declare function ensureDevSecrets(root: string, env: NodeJS.ProcessEnv): Record<string, string>;
export declare function hasDevSecrets(root: string): boolean;
