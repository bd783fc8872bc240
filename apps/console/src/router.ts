/**
 * Hash routes (#/users, #/audit, ...): the console is static files, so the gateway needs no
 * fallback route for deep links.
 */
import { useEffect, useState } from 'react';

export type RouteId = 'users' | 'keys' | 'service-accounts' | 'settings' | 'audit' | 'mfa';

export interface RouteDef {
  id: RouteId;
  label: string;
  adminOnly: boolean;
}

export const ROUTES: readonly RouteDef[] = [
  { id: 'users', label: 'Users', adminOnly: true },
  { id: 'keys', label: 'Signing keys', adminOnly: true },
  { id: 'service-accounts', label: 'Service accounts', adminOnly: true },
  { id: 'settings', label: 'Settings', adminOnly: true },
  { id: 'audit', label: 'Audit log', adminOnly: false },
  { id: 'mfa', label: 'Second factor', adminOnly: false },
];

function current(): string {
  return window.location.hash.replace(/^#\/?/, '').split('?')[0];
}

export function useHashRoute(): string {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const onChange = () => setRoute(current());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** The query after the route (`#/audit?seq=12`): deep links into a page's view. */
function currentQuery(): URLSearchParams {
  const hash = window.location.hash;
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

export function useHashQuery(): URLSearchParams {
  const [query, setQuery] = useState(currentQuery);
  useEffect(() => {
    const onChange = () => setQuery(currentQuery());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return query;
}

export function navigate(id: string): void {
  window.location.hash = `#/${id}`;
}
