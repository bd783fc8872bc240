/**
 * The console shell: sign-in until there is a session, then a header, the navigation the roles allow
 * and the page of the current hash route. Admin pages are hidden from auditors and refuse to render
 * for them (the API would answer 403 anyway).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { onSessionEnd, signOut } from './api/session';
import type { Me } from './api/types';
import type { NoticeValue } from './components/notice';
import { Page } from './components/page';
import { AuditPage } from './pages/audit-page';
import { KeysPage } from './pages/keys-page';
import { MfaPage } from './pages/mfa-page';
import { ServiceAccountsPage } from './pages/service-accounts-page';
import { SettingsPage } from './pages/settings-page';
import { SignInPage } from './pages/sign-in-page';
import { UsersPage } from './pages/users-page';
import { navigate, ROUTES, useHashRoute, type RouteDef } from './router';

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [notice, setNotice] = useState<NoticeValue>(null);

  useEffect(
    () =>
      onSessionEnd((why) => {
        setMe(null);
        if (why === 'expired') setNotice((n) => n ?? { kind: 'info', text: 'Your session ended. Sign in again.' });
      }),
    [],
  );

  if (!me)
    return (
      <>
        <Header />
        <main id="main">
          <SignInPage
            initialNotice={notice}
            onSignedIn={(m) => {
              setNotice(null);
              setMe(m);
            }}
          />
        </main>
      </>
    );
  return <SignedIn me={me} onRevokedAll={(text) => setNotice({ kind: 'info', text })} />;
}

function Header({ children }: { children?: ReactNode }) {
  return (
    <header className="top">
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.querySelector<HTMLElement>('h1')?.focus();
        }}
      >
        Skip to content
      </a>
      <span className="brand">TR4CTION console</span>
      {children}
    </header>
  );
}

function allowed(me: Me): RouteDef[] {
  const admin = me.roles.includes('admin');
  const auditor = me.roles.includes('auditor');
  return ROUTES.filter((r) => (r.adminOnly ? admin : admin || auditor));
}

function SignedIn({ me, onRevokedAll }: { me: Me; onRevokedAll: (text: string) => void }) {
  const route = useHashRoute();
  const routes = allowed(me);
  const known = ROUTES.find((r) => r.id === route);
  useEffect(() => {
    if (!known && routes.length) navigate(routes[0].id);
  }, [known, routes]);

  let page: ReactNode;
  if (routes.length === 0) page = <Page title="No access">This console is for the admin and auditor roles; {me.email} has neither.</Page>;
  else if (!known) page = null;
  else if (!routes.includes(known))
    page = (
      <Page title="Not allowed">
        The {known.label} page is for administrators. Your roles: {me.roles.join(', ')}.
      </Page>
    );
  else if (known.id === 'users') page = <UsersPage />;
  else if (known.id === 'keys') page = <KeysPage onRevokedAll={onRevokedAll} />;
  else if (known.id === 'service-accounts') page = <ServiceAccountsPage />;
  else if (known.id === 'settings') page = <SettingsPage me={me} />;
  else if (known.id === 'mfa') page = <MfaPage />;
  else page = <AuditPage />;

  return (
    <>
      <Header>
        <div className="who">
          <span className="muted" data-testid="signed-in-as">
            {me.email} ({me.roles.join(', ')})
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </Header>
      {routes.length ? (
        <nav className="side" aria-label="Console sections">
          <ul>
            {routes.map((r) => (
              <li key={r.id}>
                <a href={`#/${r.id}`} aria-current={r.id === route ? 'page' : undefined}>
                  {r.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="main">{page}</main>
    </>
  );
}
