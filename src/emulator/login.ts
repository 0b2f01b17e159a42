// Space's authorization-code flow (Space help, "Authorization Code Flow"): GET /oauth/auth shows a consent
// page (which user, which app, which scope; Accept / Deny), the decision redirects to the app's redirect URI
// with `code` + `state` (or `error=access_denied`), and /oauth/token exchanges the code (PKCE S256 checked)
// and later refresh tokens. Memory only, like access tokens.
import crypto from 'node:crypto';
import { ApiError } from './errors.js';
import { parseScope, type TokenStore } from './access.js';
import type { AppRecord, State, User } from './state.js';

interface PendingConsent { app: AppRecord; redirectUri: string; state: string | undefined; scope: string; offline: boolean; challenge?: string; expiresAt: number }
interface IssuedCode { appId: string; userId: string; redirectUri: string; scope: string; offline: boolean; challenge?: string; expiresAt: number }
interface RefreshRecord { appId: string; userId: string; scope: string; revoked: boolean }

const CONSENT_TTL_MS = 10 * 60_000;
const CODE_TTL_MS = 60_000;

export type Answer =
  | { kind: 'page'; status: number; html: string }
  | { kind: 'redirect'; location: string };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (status: number, title: string, body: string): Answer => ({
  kind: 'page', status,
  html: `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${body}</body></html>`,
});

/** Loopback redirect URIs match whatever the port (RFC 8252 §7.3): a CLI listens on a free port each time. */
export function redirectAllowed(registered: string | null, uri: string): boolean {
  let u: URL;
  try { u = new URL(uri); } catch { return false; }
  for (const r of (registered ?? '').split('\n').map((x) => x.trim()).filter(Boolean)) {
    if (r === uri) return true;
    let reg: URL;
    try { reg = new URL(r); } catch { continue; }
    const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(reg.hostname) && reg.protocol === 'http:';
    if (loopback && u.protocol === 'http:' && u.hostname === reg.hostname && u.pathname === reg.pathname && u.search === reg.search) return true;
  }
  return false;
}

export class LoginFlow {
  private readonly pending = new Map<string, PendingConsent>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly refresh = new Map<string, RefreshRecord>();

  constructor(private readonly state: State, private readonly tokens: TokenStore, private readonly ttlSeconds: () => number) {}

  /** GET /oauth/auth: problems with the client or redirect URI are shown, never redirected (RFC 6749 §4.1.2.1). */
  authorize(q: Record<string, string>): Answer {
    const app = q.client_id ? this.state.appsByClientId.get(q.client_id) : undefined;
    if (!app) return page(400, 'Unknown application', `<p>No application has client ID <code>${esc(q.client_id ?? '')}</code>.</p>`);
    if (!app.codeFlowEnabled) return page(400, 'Authorization code flow disabled', `<p>The authorization code flow is not enabled for <b>${esc(app.name)}</b>.</p>`);
    const redirectUri = q.redirect_uri ?? '';
    if (!redirectAllowed(app.codeFlowRedirectURIs, redirectUri)) {
      return page(400, 'Redirect URI not allowed', `<p><code>${esc(redirectUri)}</code> is not a redirect URI of <b>${esc(app.name)}</b>.</p>`);
    }
    const back = (error: string, description: string): Answer => ({ kind: 'redirect', location: withParams(redirectUri, { error, error_description: description, state: q.state }) });
    if (q.response_type !== 'code') return back('unsupported_response_type', "response_type must be 'code'");
    if (q.code_challenge_method !== undefined && q.code_challenge_method !== 'S256') return back('invalid_request', 'code_challenge_method must be S256');
    if (app.pkceRequired && !q.code_challenge) return back('invalid_request', 'This application requires PKCE: send code_challenge with code_challenge_method=S256');
    const scope = q.scope ?? '**';
    try { parseScope(this.state, scope); } catch (e) { return back('invalid_scope', (e as Error).message); }
    const id = crypto.randomBytes(16).toString('hex');
    this.pending.set(id, { app, redirectUri, state: q.state, scope, offline: q.access_type === 'offline', challenge: q.code_challenge, expiresAt: Date.now() + CONSENT_TTL_MS });
    const options = this.state.users.map((u, i) => `<option value="${esc(u.username)}"${i === 0 ? ' selected' : ''}>${esc(u.username)} (${esc(`${u.firstName} ${u.lastName}`)})</option>`).join('');
    return page(200, `Authorize ${app.name}`, `
<form method="post" action="/oauth/auth/decision">
<p>Application <b id="app">${esc(app.name)}</b> (client ID <code>${esc(app.clientId)}</code>) asks to act on your behalf.</p>
<p>Scope: <code id="scope">${esc(scope)}</code>${q.access_type === 'offline' ? ' (offline access: it may refresh its token)' : ''}</p>
<p><label>Signed in as <select name="user" id="user">${options}</select></label></p>
<input type="hidden" name="request" value="${id}">
<button type="submit" name="decision" value="accept" id="accept">Accept</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</form>`);
  }

  /** POST /oauth/auth/decision (form body). */
  decide(form: Record<string, string>): Answer {
    const p = form.request ? this.pending.get(form.request) : undefined;
    if (!p || p.expiresAt < Date.now()) return page(400, 'Authorization request expired', '<p>Start the login again.</p>');
    this.pending.delete(form.request!);
    if (form.decision !== 'accept') return { kind: 'redirect', location: withParams(p.redirectUri, { error: 'access_denied', error_description: 'The user denied access', state: p.state }) };
    const user = this.state.users.find((u) => u.username === form.user);
    if (!user) return page(400, 'Unknown user', `<p>No user ${esc(form.user ?? '')}.</p>`);
    const code = crypto.randomBytes(24).toString('base64url');
    this.codes.set(code, { appId: p.app.id, userId: user.id, redirectUri: p.redirectUri, scope: p.scope, offline: p.offline, challenge: p.challenge, expiresAt: Date.now() + CODE_TTL_MS });
    return { kind: 'redirect', location: withParams(p.redirectUri, { code, state: p.state }) };
  }

  /** grant_type=authorization_code, for an authenticated (or PKCE public) client. */
  exchangeCode(app: AppRecord, form: Record<string, string>): Record<string, unknown> {
    const c = form.code ? this.codes.get(form.code) : undefined;
    if (form.code) this.codes.delete(form.code); // single use, whatever happens next
    if (!c || c.expiresAt < Date.now() || c.appId !== app.id) throw new ApiError('invalid_grant', 'Authorization code is invalid, expired or already used');
    if (form.redirect_uri !== c.redirectUri) throw new ApiError('invalid_grant', 'redirect_uri does not match the one of the authorization request');
    if (c.challenge) {
      if (!form.code_verifier) throw new ApiError('invalid_grant', 'code_verifier is required (PKCE)');
      const computed = crypto.createHash('sha256').update(form.code_verifier).digest('base64url');
      if (computed !== c.challenge) throw new ApiError('invalid_grant', 'PKCE verification failed: code_verifier does not match code_challenge');
    }
    const user = this.state.users.find((u) => u.id === c.userId)!;
    const out = this.accessToken(app, user, c.scope);
    if (c.offline) {
      const refreshToken = `rt-${crypto.randomBytes(24).toString('base64url')}`;
      this.refresh.set(refreshToken, { appId: app.id, userId: user.id, scope: c.scope, revoked: false });
      out.refresh_token = refreshToken;
    }
    return out;
  }

  /** grant_type=refresh_token. */
  refreshToken(app: AppRecord, form: Record<string, string>): Record<string, unknown> {
    const r = form.refresh_token ? this.refresh.get(form.refresh_token) : undefined;
    if (!r || r.appId !== app.id) throw new ApiError('invalid_grant', 'Refresh token is invalid');
    if (r.revoked) throw new ApiError('invalid_grant', 'Refresh token associated with the access token is revoked');
    const user = this.state.users.find((u) => u.id === r.userId)!;
    return this.accessToken(app, user, r.scope);
  }

  /** Control API: revoke every refresh token (as an admin revoking a user's sessions would). */
  revokeAll(): number {
    let n = 0;
    for (const r of this.refresh.values()) if (!r.revoked) { r.revoked = true; n++; }
    return n;
  }

  private accessToken(app: AppRecord, user: User, scope: string): Record<string, unknown> {
    const ttl = this.ttlSeconds();
    const token = this.tokens.issue(app, parseScope(this.state, scope), scope, ttl, user.id);
    return { access_token: token, token_type: 'Bearer', expires_in: ttl, scope };
  }
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.href;
}
