// Browser login (authorization-code flow with PKCE, RFC 7636 S256) through a loopback redirect (RFC 8252):
// the pieces that are not the command — the PKCE pair, the authorization URL, the one-shot callback server.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError, ExitCode } from '../../errors.js';

export const CALLBACK_PATH = '/callback';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

export function randomState(): string {
  return crypto.randomBytes(16).toString('base64url');
}

/** `<server>/oauth/auth?…` (Space help, "Authorization Code Flow"); access_type=offline asks for a refresh token. */
export function authorizeUrl(o: { server: string; clientId: string; redirectUri: string; state: string; challenge: string; scope: string }): string {
  const u = new URL(`${o.server}/oauth/auth`);
  const q: Record<string, string> = {
    response_type: 'code', client_id: o.clientId, redirect_uri: o.redirectUri, state: o.state, scope: o.scope,
    access_type: 'offline', request_credentials: 'default', code_challenge: o.challenge, code_challenge_method: 'S256',
  };
  for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
  return u.href;
}

const html = (title: string, text: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;

export interface Callback { redirectUri: string; code: Promise<string>; close(): void }

/**
 * Listens on 127.0.0.1 (port 0 = any free one) for the one redirect of this login. Resolves with the code when
 * `state` matches; a denial, an error or a wrong `state` rejects with a one-line auth error (exit 4). Requests
 * for other paths (a browser's /favicon.ico) get 404 and do not end the wait.
 */
export async function listenForCallback(o: { port: number; state: string; timeoutMs: number }): Promise<Callback> {
  let settle!: { resolve: (code: string) => void; reject: (e: Error) => void };
  const code = new Promise<string>((resolve, reject) => { settle = { resolve, reject }; });
  code.catch(() => undefined); // handled by the caller; never an unhandled rejection while it is not awaited yet
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== CALLBACK_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const p = url.searchParams;
    const answer = (status: number, title: string, text: string) =>
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', connection: 'close' }).end(html(title, text));
    if (p.get('state') !== o.state) {
      answer(400, 'Login failed', 'The answer did not come from the login spacectl started (state mismatch). Nothing was saved.');
      settle.reject(new CliError('login failed: the redirect carried the wrong state (not the login this spacectl started); nothing was saved', ExitCode.Auth, 'Run `spacectl auth login` again.'));
    } else if (p.get('error')) {
      const why = `${p.get('error')}${p.get('error_description') ? `: ${p.get('error_description')}` : ''}`;
      answer(200, 'Login cancelled', 'spacectl was not given access. You can close this tab.');
      settle.reject(new CliError(`login was not granted (${why})`, ExitCode.Auth, p.get('error') === 'access_denied' ? 'Run `spacectl auth login` again and choose Accept.' : undefined));
    } else if (!p.get('code')) {
      answer(400, 'Login failed', 'The redirect carried no authorization code.');
      settle.reject(new CliError('login failed: the redirect carried no authorization code', ExitCode.Auth));
    } else {
      answer(200, 'Logged in', 'spacectl is logged in. You can close this tab.');
      settle.resolve(p.get('code')!);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE'
      ? new CliError(`--callback-port ${o.port}: 127.0.0.1:${o.port} is already in use`, ExitCode.Usage, 'Pick another port, or leave it out for a free one.')
      : e));
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  const timer = setTimeout(() => settle.reject(new CliError(`login timed out: no answer from the browser within ${Math.round(o.timeoutMs / 1000)} s`, ExitCode.Auth)), o.timeoutMs);
  const close = () => {
    clearTimeout(timer);
    server.close();
    server.closeAllConnections();
  };
  void code.finally(close).catch(() => undefined);
  const { port } = server.address() as AddressInfo;
  return { redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, code, close };
}

/** Opens the system browser; false when there is none to start (the URL is printed either way). */
export async function openBrowser(url: string, env: Record<string, string | undefined>): Promise<boolean> {
  const { spawn } = await import('node:child_process');
  const { withoutCredentials } = await import('../../config/child-env.js');
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : ['xdg-open', [url]];
  return new Promise((resolve) => {
    try {
      const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true, env: withoutCredentials(env) as NodeJS.ProcessEnv });
      child.once('error', () => resolve(false));
      child.once('spawn', () => { child.unref(); resolve(true); });
    } catch {
      resolve(false);
    }
  });
}
