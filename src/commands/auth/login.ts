import { serverUrlFlag } from '../shared/server-url.js';
import { ApiError } from '../../api/errors.js';
import type { Profile } from '../../config/store.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printJson, success } from '../../io/output.js';
import { whoAmI } from '../../services/auth/whoami.js';
import { storageNotice } from '../shared/storage-notice.js';

export interface LoginFlags { url?: string; clientId?: string; scope?: string; browser?: boolean; web?: boolean; callbackPort?: string; insecureStorage?: boolean; caFile?: string }

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const LOGIN_TIMEOUT_MS = 5 * 60_000;

/** `auth login`: authorization-code flow with PKCE through the browser; the tokens become a profile. */
export async function authLogin(flags: LoginFlags, f: Factory): Promise<void> {
  const store = await f.config();
  const explicitName = f.globals.profile ?? f.env.SPACECTL_PROFILE;
  const existing = explicitName ? store.get(explicitName) : undefined;
  if (existing && existing.auth !== 'oauth') {
    throw new UsageError(`profile "${explicitName}" holds ${existing.auth === 'token' ? 'a token' : 'client credentials'}, not a browser login; pick another --profile name`);
  }
  const rawUrl = flags.url ?? f.globals.url ?? existing?.url ?? f.env.SPACE_URL;
  if (!rawUrl) throw new UsageError('--url is required (the Space server to log in to)', 'e.g. spacectl auth login --url https://acme.jetbrains.space --client-id <login app client ID>');
  const url = serverUrlFlag(rawUrl);
  const clientId = flags.clientId ?? f.env.SPACECTL_LOGIN_CLIENT_ID ?? existing?.clientId;
  if (!clientId) {
    throw new UsageError('--client-id is required: the client ID of the login application your administrator registered',
      'An administrator registers it once; see "Browser login" in the README (spacectl app create + flow enable authorization-code --pkce).');
  }
  const name = explicitName ?? new URL(url).host.replace(/:/g, '-');
  if (!NAME.test(name)) throw new UsageError(`profile name "${name}" is invalid: use letters, digits, ".", "_" and "-"`);
  const port = flags.callbackPort === undefined ? 0 : Number(flags.callbackPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--callback-port "${flags.callbackPort}" must be a whole number from 0 to 65535`);
  const scope = flags.scope ?? '**';

  let caFile: string | undefined = existing?.caFile;
  if (flags.caFile !== undefined) {
    const { readCaFile, absoluteCaPath } = await import('../../config/ca.js');
    readCaFile(flags.caFile, '--ca-file');
    caFile = absoluteCaPath(flags.caFile);
  }
  // Where the tokens will go is decided (a bad SPACECTL_KEYRING refused) before the user logs in, not after.
  const { chooseStorage } = await import('../../config/keyring.js');
  const storageChoice = chooseStorage(flags, f.env);
  const tls = f.env.SPACECTL_CA_FILE ? { caFile: f.env.SPACECTL_CA_FILE, caLabel: 'SPACECTL_CA_FILE' } : caFile ? { caFile, caLabel: '--ca-file' } : undefined;

  const { authorizeUrl, listenForCallback, openBrowser, pkcePair, randomState } = await import('../../services/auth/login.js');
  const pkce = pkcePair();
  const state = randomState();
  const callback = await listenForCallback({ port, state, timeoutMs: LOGIN_TIMEOUT_MS });
  let code: string;
  try {
    const link = authorizeUrl({ server: url, clientId, redirectUri: callback.redirectUri, state, challenge: pkce.challenge, scope });
    const opened = flags.browser !== false && (await openBrowser(link, f.env));
    info(f.io, `${opened ? 'Opened your browser to log in; if it did not show up, open' : 'Open this URL in a browser to log in'}:\n  ${link}\nWaiting for the browser (Ctrl+C to cancel)…`);
    code = await callback.code;
  } finally {
    callback.close();
  }

  const { postUserGrant, LOGIN_AGAIN } = await import('../../api/auth.js');
  let tokens;
  try {
    tokens = await postUserGrant(await f.transport(url, tls), url, { grant_type: 'authorization_code', code, redirect_uri: callback.redirectUri, code_verifier: pkce.verifier, client_id: clientId });
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) throw new CliError(`the server refused the login (${e.message}); ${LOGIN_AGAIN}`, ExitCode.Auth);
    throw e;
  }
  const api = await f.client(url, { kind: 'oauth', clientId, tokens }, tls);
  const who = await whoAmI(api, 'oauth');

  const profile: Profile = { url, auth: 'oauth', clientId, ...(caFile ? { caFile } : {}) };
  const saved = await store.saveSecurely(name, profile, { ...tokens }, 'always', storageChoice, f.env);
  if (f.io.json) return printJson(f.io, { profile: name, url, clientId, identity: who, storage: saved.storage, refreshable: Boolean(tokens.refreshToken) });
  success(f.io, `Logged in to ${url} as ${who}; profile ${name}, now active`);
  storageNotice(f, { storage: saved.storage, fallback: saved.fallback, account: store.keyringAccount(name), file: store.secretsPath });
}

/** `auth logout`: deletes a browser login's tokens; the profile (server, login app) stays for the next login. */
export async function authLogout(_: unknown, f: Factory): Promise<void> {
  const store = await f.config();
  const name = f.globals.profile ?? f.env.SPACECTL_PROFILE ?? store.active();
  if (!name) throw new UsageError('no active profile; name one: spacectl auth logout --profile <name>');
  const p = store.get(name);
  if (!p) throw new UsageError(`profile "${name}" does not exist`);
  if (p.auth !== 'oauth') throw new UsageError(`profile "${name}" is not a browser login; to delete its ${p.auth === 'token' ? 'token' : 'client secret'}, run: spacectl profile remove ${name}`);
  const had = await store.clearSecret(name, f.env);
  if (f.io.json) return printJson(f.io, { profile: name, loggedOut: true, changed: had });
  success(f.io, had ? `Logged out of ${p.url} (profile ${name}); its tokens are deleted` : `Profile ${name} is already logged out`);
}

/** `auth token`: the access token in use, refreshed if due, alone on stdout (for scripts: `$(spacectl auth token)`). */
export async function authToken(_: unknown, f: Factory): Promise<void> {
  const api = await f.api();
  const token = (await api.auth.header()).replace(/^Bearer\s+/i, '');
  if (f.io.json) return printJson(f.io, { token });
  f.io.out.write(`${token}\n`);
}
