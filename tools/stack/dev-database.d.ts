// Types for dev-database.js, which stays plain JavaScript because it runs before anything is compiled.
export declare const DATA_KEYS: readonly string[];
export declare function secretsFingerprint(secretsDir: string): string;
export declare function stampOf(fingerprint: string): string;
export declare function devDatabaseVerdict(found: {
  exists: boolean;
  comment?: string | null;
  hasData: boolean;
  secretsWereNew: boolean;
  fingerprint: string;
}): 'create' | 'use' | 'stamp' | 'move-aside';
interface QueryClient {
  query(sql: string, params?: unknown[]): Promise<{ rowCount: number | null; rows: Array<Record<string, unknown>> }>;
  end(): Promise<void>;
}
export declare function claimDevDatabase(options: {
  adminClient: QueryClient;
  connectTo: (database: string) => Promise<QueryClient>;
  createDatabase: (name: string) => Promise<boolean>;
  database: string;
  fingerprint: string;
  secretsWereNew: boolean;
  quoteIdentifier: (name: string) => string;
  now?: Date;
}): Promise<{ database: string; created: boolean; movedTo?: string }>;
