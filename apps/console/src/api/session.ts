/**
 * The signed-in session, in memory only: tokens live in this module's variables, never in
 * localStorage, sessionStorage or a cookie, so a reload signs out. The access token is refreshed
 * before it expires (the refresh token rotates each time); a 401 triggers one refresh and a retry.
 * A scheduled refresh happens only if the user did something since the previous one: a console
 * left alone is not kept alive, and it signs out when the server's idle timeout (the login and
 * refresh answers' `refresh_expires_in`) would end the session anyway.
 */
import {
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '@tr4ction/http-api';
import type { LoginReply, Me, MfaMethod, PasskeyRegistered, Problem } from './types';

interface Tokens {
  access: string;
  refresh: string;
  /** ms since epoch, by the browser's clock */
  expiresAt: number;
  /** When these tokens arrived: activity after this keeps the session alive. */
  receivedAt: number;
  /** When the server ends the session unless it is refreshed (idle timeout or absolute end). */
  idleEndsAt: number;
}

/** `etag`: the response's ETag header (the settings version, for If-Match), null when absent. */
export type ApiResult<T> = { ok: true; status: number; data: T; etag: string | null } | { ok: false; status: number; problem: Problem };

type SessionListener = (why: 'signed-out' | 'expired') => void;

let tokens: Tokens | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | null = null;
/** Last pointer or key input in this tab (ms since epoch). */
let lastActivity = Date.now();
/** Idle at the scheduled refresh: the next input refreshes, or the idle deadline signs out. */
let waitingForActivity = false;
const listeners = new Set<SessionListener>();

/** Refresh when this share of the lifetime has passed (900 s tokens: after 11 min 15 s). */
const REFRESH_AT = 0.75;
/** setTimeout's longest delay (about 24.8 days); later deadlines are checked again then. */
const MAX_DELAY_MS = 2_147_483_647;

/** Call once at start-up: user input is what keeps a session alive. */
export function watchActivity(target: Pick<Window, 'addEventListener'>): void {
  for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const) target.addEventListener(type, noteActivity, { passive: true, capture: true });
}

function noteActivity(): void {
  lastActivity = Date.now();
  if (waitingForActivity && tokens) {
    waitingForActivity = false;
    void refresh();
  }
}

function schedule(delayMs: number, run: () => void): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(run, Math.min(MAX_DELAY_MS, Math.max(0, delayMs)));
}

/** The scheduled refresh: only for a session in use; an idle one is left to its idle deadline. */
function refreshIfActive(): void {
  const current = tokens;
  if (!current) return;
  if (lastActivity > current.receivedAt) {
    void refresh();
    return;
  }
  waitingForActivity = true;
  const signOutIfIdle = (): void => {
    if (tokens !== current) return;
    if (Date.now() >= current.idleEndsAt) end('expired');
    else schedule(current.idleEndsAt - Date.now(), signOutIfIdle);
  };
  schedule(current.idleEndsAt - Date.now(), signOutIfIdle);
}

export function onSessionEnd(listener: SessionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function adopt(reply: LoginReply): void {
  const now = Date.now();
  // An older gateway does not say: then only the access token's lifetime bounds the wait.
  const idleMs = (reply.refresh_expires_in ?? reply.expires_in) * 1000;
  tokens = { access: reply.access_token, refresh: reply.refresh_token, expiresAt: now + reply.expires_in * 1000, receivedAt: now, idleEndsAt: now + idleMs };
  waitingForActivity = false;
  // Before the access token expires, and early enough in the idle window that an active user's refresh lands in it.
  schedule(Math.max(1000, Math.min(reply.expires_in, reply.refresh_expires_in ?? reply.expires_in) * 1000 * REFRESH_AT), refreshIfActive);
}

function end(why: 'signed-out' | 'expired'): void {
  tokens = null;
  waitingForActivity = false;
  clearTimeout(refreshTimer);
  for (const l of listeners) l(why);
}

/**
 * The gateway's API, typed by the generated client (openapi-fetch over @tr4ction/http-api). `publicApi`
 * carries no token of this session (sign-in steps, refresh); `http` adds the bearer token (wrap its calls
 * in `authed` for the refresh-and-retry on a 401). `fetch` is looked up per call, and the origin is the page's: the
 * gateway serves the console.
 */
const clientOptions = {
  baseUrl: typeof location === 'undefined' ? 'http://localhost' : location.origin,
  headers: { accept: 'application/json' },
  credentials: 'omit',
  cache: 'no-store',
  fetch: (request: Request) => globalThis.fetch(request),
} as const;
const publicApi = createClient<paths>(clientOptions);
export const http = createClient<paths>(clientOptions);

const bearer: Middleware = {
  onRequest({ request }) {
    if (tokens) request.headers.set('authorization', `Bearer ${tokens.access}`);
    return request;
  },
};
http.use(bearer);

interface FetchOutcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * A call as the signed-in user: the access token may have just expired or its key been retired, so a
 * 401 gets one refresh and the call once more. The call is made again rather than its request
 * replayed: a request body is sent once.
 */
export async function authed<T extends FetchOutcome<unknown>>(call: () => Promise<T>): Promise<T> {
  const first = await call();
  if (first.response.status !== 401 || !(await refresh()) || !tokens) return first;
  return call();
}

/** An openapi-fetch outcome as the pages read it: the data, or the problem (made up when the answer has none). */
function toResult<T>({ data, error, response }: FetchOutcome<T>): ApiResult<T> {
  if (response.ok) return { ok: true, status: response.status, data: data as T, etag: response.headers.get('etag') };
  const problem = (error && typeof error === 'object' ? error : { title: response.statusText || 'Request failed', status: response.status }) as Problem;
  return { ok: false, status: response.status, problem };
}

/** One refresh at a time: the refresh token is single-use, so two in parallel would look like reuse. */
export function refresh(): Promise<boolean> {
  if (refreshing) return refreshing;
  const current = tokens;
  if (!current) return Promise.resolve(false);
  refreshing = (async () => {
    try {
      const res = toResult(await publicApi.POST('/auth/refresh', { body: { refresh_token: current.refresh } }));
      if (res.ok) {
        adopt(res.data);
        return true;
      }
      // A network failure keeps the session; a refused refresh token ends it.
      if (res.status === 401 || res.status === 400) end('expired');
      return false;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/**
 * An authenticated call to the gateway; never throws for HTTP errors (network errors do throw).
 * `headers` adds request headers such as If-Match.
 */
export async function api<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResult<T>> {
  if (!tokens) return { ok: false, status: 401, problem: { title: 'Not signed in', status: 401, code: 'NOT_SIGNED_IN' } };
  // The pages build their paths (query strings included); the typed operations (`http.GET(...)`) check theirs.
  const request = http.request as unknown as (
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string> },
  ) => Promise<FetchOutcome<T>>;
  return toResult(await authed(() => request(method.toLowerCase(), path, { ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) })));
}

/** A file from an authenticated GET (the audit export): fetched with the bearer token, then saved. */
export async function download(path: string, fallbackName: string): Promise<ApiResult<string>> {
  if (!tokens) return { ok: false, status: 401, problem: { title: 'Not signed in', status: 401 } };
  let res = await fetch(path, { headers: { authorization: `Bearer ${tokens.access}` }, credentials: 'omit', cache: 'no-store' });
  if (res.status === 401 && (await refresh()) && tokens)
    res = await fetch(path, { headers: { authorization: `Bearer ${tokens.access}` }, credentials: 'omit', cache: 'no-store' });
  if (!res.ok) return toResult<string>({ error: await res.json().catch(() => undefined), response: res });
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled: revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, status: res.status, data: name, etag: null };
}

export type SignInOutcome =
  | { kind: 'signed-in'; me: Me }
  | { kind: 'change-required' }
  | { kind: 'enrol-required' }
  | { kind: 'mfa-required'; mfaToken: string; methods: MfaMethod[] }
  | { kind: 'failed'; problem: Problem };

export async function signIn(email: string, password: string): Promise<SignInOutcome> {
  const res = toResult(await publicApi.POST('/auth/login', { body: { email, password } }));
  if (!res.ok) return { kind: 'failed', problem: res.problem };
  if ('mfa_required' in res.data) return { kind: 'mfa-required', mfaToken: res.data.mfa_token, methods: res.data.methods };
  return start(res.data);
}

/** The second step of a sign-in: a code of the authenticator app or a recovery code. */
export async function completeSecondFactor(mfaToken: string, type: MfaMethod, code: string): Promise<SignInOutcome> {
  const res = toResult(await publicApi.POST('/auth/mfa/challenge', { body: { mfa_token: mfaToken, type, code } }));
  if (!res.ok) return { kind: 'failed', problem: res.problem };
  return start(res.data);
}

/**
 * The second step with a passkey: options bound to this mfa_token, the browser's ceremony (the
 * authenticator asks the user), then the assertion. A cancelled ceremony is a failure the user may retry.
 */
export async function completeWithPasskey(mfaToken: string): Promise<SignInOutcome> {
  const options = toResult(await publicApi.POST('/auth/mfa/webauthn/authentication-options', { body: { mfa_token: mfaToken } }));
  if (!options.ok) return { kind: 'failed', problem: options.problem };
  let response;
  try {
    response = await startAuthentication({ optionsJSON: options.data as unknown as PublicKeyCredentialRequestOptionsJSON });
  } catch (err) {
    return { kind: 'failed', problem: ceremonyProblem(err) };
  }
  const res = toResult(await publicApi.POST('/auth/mfa/challenge', { body: { mfa_token: mfaToken, type: 'webauthn', response: response as never } }));
  if (!res.ok) return { kind: 'failed', problem: res.problem };
  return start(res.data);
}

/** Registers a passkey for the signed-in user under `label`; the first factor of an account comes with recovery codes. */
export async function registerPasskey(label: string): Promise<ApiResult<PasskeyRegistered>> {
  const options = toResult(await authed(() => http.POST('/auth/mfa/webauthn/registration-options')));
  if (!options.ok) return options;
  let response;
  try {
    response = await startRegistration({ optionsJSON: options.data as unknown as PublicKeyCredentialCreationOptionsJSON });
  } catch (err) {
    return { ok: false, status: 0, problem: ceremonyProblem(err) };
  }
  return toResult<PasskeyRegistered>(await authed(() => http.POST('/auth/mfa/webauthn', { body: { label, response: response as never } })));
}

/** The browser refused or the user cancelled: said in words, without the browser's internals. */
function ceremonyProblem(err: unknown): Problem {
  const name = err instanceof Error ? err.name : '';
  const detail =
    name === 'NotAllowedError'
      ? 'The passkey prompt was cancelled or timed out.'
      : name === 'InvalidStateError'
        ? 'This passkey is already registered.'
        : 'The browser could not use a passkey here.';
  return { title: 'Passkey not used', status: 0, code: 'PASSKEY_CEREMONY_FAILED', detail };
}

async function start(reply: LoginReply): Promise<SignInOutcome> {
  adopt(reply);
  if (reply.password_change_required) return { kind: 'change-required' };
  if (reply.mfa_enrollment_required) return { kind: 'enrol-required' };
  const me = toResult<Me>(await authed(() => http.GET('/auth/me')));
  if (!me.ok) {
    await signOut();
    return { kind: 'failed', problem: me.problem };
  }
  return { kind: 'signed-in', me: me.data };
}

/** The forced first-login change, with the scoped token of the login that asked for it. */
export async function changePassword(current: string, next: string): Promise<ApiResult<void>> {
  return toResult<void>(await authed(() => http.POST('/auth/change-password', { body: { current_password: current, new_password: next } })));
}

export async function signOut(): Promise<void> {
  const current = tokens;
  if (current) {
    // Best effort: the session ends here whatever the gateway answers.
    await publicApi
      .POST('/auth/logout', { body: { refresh_token: current.refresh }, headers: { authorization: `Bearer ${current.access}` } })
      .catch(() => undefined);
  }
  end('signed-out');
}

/** Forget the tokens without calling the gateway (they were revoked, e.g. by revoke-all). */
export function dropSession(): void {
  end('expired');
}

export function isSignedIn(): boolean {
  return tokens !== null;
}
