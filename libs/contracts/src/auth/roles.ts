/** The roles of the platform (docs/api.md). A registered user is a founder; admins and auditors are made by an admin. */
export const ROLES = ['admin', 'founder', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
