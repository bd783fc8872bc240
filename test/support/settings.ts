/** The runtime settings as `GET /admin/settings` answers them (docs/runtime-settings.md). */
export interface SettingsView {
  password_policy: string;
  cors_origins: string[];
  access_token_ttl_seconds: number;
  refresh_token_ttl_seconds: number;
  session_idle_timeout_seconds: number;
  session_max_lifetime_seconds: number;
  mfa_required_roles: string[];
  updated_at: string | null;
  updated_by: string | null;
}
