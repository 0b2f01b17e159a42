// Where the server and credentials come from: flag > environment > named profile > Space Automation > active
// profile. One function, and it reports the source.
// Credentials are bound to their server: a token or client secret from a flag or the environment goes only to a
// server named by a flag or the environment, and a profile's credentials only to that profile's server. Anything
// else would send a secret to a server its owner never meant it for (e.g. SPACE_TOKEN for one organization to the
// active profile's other one), so it is refused before any request, exit 2.
import { CliError, ExitCode, UsageError } from '../errors.js';
import { checkServerUrl } from './server-url.js';
// Types only: the store (and conf) load only when a profile is needed.
import type { ConfigStore, ProfileSecret, SecretStorage } from './store.js';

export type Source = 'flag' | 'env' | 'automation' | `profile ${string}`;
export interface Sourced<T> { value: T; source: Source; detail?: string }

export type Credentials =
  | { kind: 'token'; token: string }
  | { kind: 'client-credentials'; clientId: string; clientSecret: string }
  /** A browser login (`auth login`): the login app's client ID and the user's tokens (expiry in epoch ms). */
  | { kind: 'oauth'; clientId: string; tokens: { accessToken: string; refreshToken?: string; expiresAt: number } };

export interface Resolved {
  profile?: Sourced<string>;
  url: Sourced<string>;
  credentials: Sourced<Credentials>;
  /** For `auth status`: the client ID's own source when it differs from the secret's. */
  clientIdSource?: Source;
  /** A private CA to trust for this server: SPACECTL_CA_FILE, else the profile that gave the server. */
  caFile?: Sourced<string>;
  /** Where the profile's secret was read from, when the credentials came from a profile. */
  storage?: SecretStorage;
}

export interface GlobalFlags { profile?: string; url?: string; token?: string }
type Env = Record<string, string | undefined>;

export const HOW_TO_AUTHENTICATE =
  'Pass --url and --token, set SPACE_URL with SPACE_TOKEN (or SPACE_CLIENT_ID and SPACE_CLIENT_SECRET; in Space Automation JB_SPACE_API_URL, JB_SPACE_CLIENT_ID and JB_SPACE_CLIENT_SECRET), or save a profile: spacectl profile add <name> --url <server> --token-stdin';

/** `store` is loaded only when flags and env leave something open (keeps CI runs off the disk). */
export async function resolveCredentials(flags: GlobalFlags, env: Env, store: () => Promise<ConfigStore>): Promise<Resolved> {
  const envClientId = env.SPACE_CLIENT_ID || undefined;
  const envClientSecret = env.SPACE_CLIENT_SECRET || undefined;
  if (Boolean(envClientId) !== Boolean(envClientSecret) && !flags.token && !env.SPACE_TOKEN) {
    throw new UsageError(`${envClientId ? 'SPACE_CLIENT_SECRET' : 'SPACE_CLIENT_ID'} is not set: client credentials need both SPACE_CLIENT_ID and SPACE_CLIENT_SECRET`);
  }

  let credentials: Sourced<Credentials> | undefined;
  if (flags.token) credentials = { value: { kind: 'token', token: flags.token }, source: 'flag' };
  else if (env.SPACE_TOKEN) credentials = { value: { kind: 'token', token: env.SPACE_TOKEN }, source: 'env', detail: 'SPACE_TOKEN' };
  else if (envClientId && envClientSecret)
    credentials = { value: { kind: 'client-credentials', clientId: envClientId, clientSecret: envClientSecret }, source: 'env', detail: 'SPACE_CLIENT_ID, SPACE_CLIENT_SECRET' };

  let url: Sourced<string> | undefined;
  if (flags.url) url = { value: flags.url, source: 'flag' };
  else if (env.SPACE_URL) url = { value: env.SPACE_URL, source: 'env', detail: 'SPACE_URL' };

  const named: Sourced<string> | undefined = flags.profile
    ? { value: flags.profile, source: 'flag' }
    : env.SPACECTL_PROFILE
      ? { value: env.SPACECTL_PROFILE, source: 'env', detail: 'SPACECTL_PROFILE' }
      : undefined;

  // A Space Automation job: server and identity come as one unit, and only when nothing more specific gave
  // either half (never mixed with another source's server or credentials).
  if (!url && !credentials && !named) {
    const automation = automationCredentials(env);
    if (automation) {
      checkUrlSource(automation.url, env);
      return { ...automation, caFile: envCaFile(env) };
    }
  }

  let profile: Sourced<string> | undefined = named;
  let caFile: Sourced<string> | undefined;
  let storage: SecretStorage | undefined;
  let profileUrl: string | undefined;
  if (!url || !credentials || named) {
    const s = await store();
    if (!profile) {
      const active = s.active();
      if (active) profile = { value: active, source: `profile ${active}`, detail: 'active profile' };
    }
    if (profile) {
      const p = s.get(profile.value);
      if (!p) {
        const known = Object.keys(s.list());
        throw new UsageError(`profile "${profile.value}" does not exist${known.length ? `; known profiles: ${known.join(', ')}` : ''}`, 'List them with `spacectl profile list`.');
      }
      const from: Source = `profile ${profile.value}`;
      profileUrl = p.url;
      if (!url) {
        url = { value: p.url, source: from };
        if (p.caFile) caFile = { value: p.caFile, source: from };
      }
      if (!credentials) {
        storage = p.keyring ? 'keyring' : 'file';
        const secret = (await readProfileSecret(s, profile.value, env)) ?? {};
        if (p.auth === 'token' && secret.token) credentials = { value: { kind: 'token', token: secret.token }, source: from };
        else if (p.auth === 'client-credentials' && p.clientId && secret.clientSecret)
          credentials = { value: { kind: 'client-credentials', clientId: p.clientId, clientSecret: secret.clientSecret }, source: from };
        else if (p.auth === 'oauth' && p.clientId && secret.accessToken) {
          credentials = { value: { kind: 'oauth', clientId: p.clientId, tokens: { accessToken: secret.accessToken, refreshToken: secret.refreshToken, expiresAt: secret.expiresAt ?? 0 } }, source: from };
        } else if (p.auth === 'oauth') {
          throw new CliError(`profile "${profile.value}" is logged out`, ExitCode.Auth, `Log in: spacectl auth login --profile ${profile.value}`);
        }
        else throw new CliError(`profile "${profile.value}" has no stored secret (its ${storage === 'keyring' ? 'OS keyring entry' : 'credentials file entry'} is missing)`, ExitCode.Auth, `Re-add it: spacectl profile add ${profile.value} --url ${p.url} --token-stdin`);
      }
    }
  }
  if (!url) {
    const partial = automationGap(env);
    // A missing value is a usage error (2); a partial Automation set stays an authentication problem.
    throw partial ? new CliError(partial, ExitCode.Auth, HOW_TO_AUTHENTICATE) : new UsageError('no Space server given', HOW_TO_AUTHENTICATE);
  }
  if (!credentials) throw new CliError(`no credentials for ${url.value}`, ExitCode.Auth, HOW_TO_AUTHENTICATE);
  checkBinding(url, credentials, profileUrl);
  checkUrlSource(url, env);
  return { profile, url, credentials, caFile: envCaFile(env) ?? caFile, ...(storage ? { storage } : {}) };
}

async function readProfileSecret(s: ConfigStore, name: string, env: Env): Promise<ProfileSecret | undefined> {
  try {
    return await s.readSecret(name, env);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read the secret of profile "${name}" from the OS keyring: ${(e as Error).message}`, ExitCode.Auth,
      'Unlock the keyring (or start its daemon) and retry, or save the profile again with `spacectl profile add … --insecure-storage`.');
  }
}

function envCaFile(env: Env): Sourced<string> | undefined {
  return env.SPACECTL_CA_FILE ? { value: env.SPACECTL_CA_FILE, source: 'env', detail: 'SPACECTL_CA_FILE' } : undefined;
}

const AUTOMATION_VARS = ['JB_SPACE_API_URL', 'JB_SPACE_CLIENT_ID', 'JB_SPACE_CLIENT_SECRET'] as const;

/** Some but not all of the Automation variables: say which one is missing rather than "no server". */
function automationGap(env: Env): string | undefined {
  const missing = AUTOMATION_VARS.filter((k) => !env[k]?.trim());
  if (missing.length === 0 || missing.length === AUTOMATION_VARS.length) return undefined;
  return `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: Space Automation credentials need ${AUTOMATION_VARS.join(', ')}`;
}

/** Space Automation's job variables; `JB_SPACE_API_URL` comes with or without a scheme. */
function automationCredentials(env: Env): Resolved | undefined {
  const rawUrl = env.JB_SPACE_API_URL?.trim();
  const clientId = env.JB_SPACE_CLIENT_ID?.trim();
  const clientSecret = env.JB_SPACE_CLIENT_SECRET;
  if (!rawUrl || !clientId || !clientSecret) return undefined;
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(rawUrl) ? rawUrl : `https://${rawUrl}`;
  return {
    url: { value: url, source: 'automation', detail: 'JB_SPACE_API_URL' },
    credentials: { value: { kind: 'client-credentials', clientId, clientSecret }, source: 'automation', detail: 'JB_SPACE_CLIENT_ID, JB_SPACE_CLIENT_SECRET' },
  };
}

const fromCaller = (s: Sourced<unknown>) => s.source === 'flag' || s.source === 'env';
const sameServer = (a: string, b: string) => {
  const norm = (u: string) => { try { const x = new URL(u); return x.origin + x.pathname.replace(/\/+$/, '').replace(/\/api\/http$/, ''); } catch { return u; } };
  return norm(a) === norm(b);
};

/** Credentials go only to the server they were given for (see the top of this file). */
function checkBinding(url: Sourced<string>, credentials: Sourced<Credentials>, profileUrl: string | undefined): void {
  if (fromCaller(credentials) && !fromCaller(url)) {
    const cred = credentials.source === 'flag' ? '--token' : (credentials.detail ?? 'the credentials');
    throw new UsageError(
      `${cred} ${credentials.source === 'flag' ? 'is given' : 'is set'} but no server is (the ${url.source} points at ${url.value}): credentials from a flag or the environment go only to a server named by --url or SPACE_URL`,
      `Add --url <server> or set SPACE_URL to the server the token belongs to, or unset ${cred} to use the profile.`,
    );
  }
  if (!fromCaller(credentials) && fromCaller(url) && profileUrl !== undefined && !sameServer(url.value, profileUrl)) {
    throw new UsageError(
      `${url.source === 'flag' ? '--url' : 'SPACE_URL'} ${url.value} is not the server of ${credentials.source} (${profileUrl}); its credentials go only there`,
      `Give credentials for ${url.value} (--token, SPACE_TOKEN, or SPACE_CLIENT_ID with SPACE_CLIENT_SECRET), or use a profile of that server.`,
    );
  }
}

/**
 * A server named by a flag, the environment or Space Automation is checked here (config/server-url.ts);
 * SPACECTL_ALLOW_HTTP=1 accepts plain http when the connection is protected otherwise (a private network to an
 * emulator in CI). A profile's URL was checked when it was saved (`profile add --allow-http`).
 */
function checkUrlSource(url: Sourced<string>, env: Env): void {
  if (!fromCaller(url) && url.source !== 'automation') return;
  checkServerUrl(url.value, url.source === 'flag' ? '--url' : (url.detail ?? 'SPACE_URL'), {
    credentialsHint: 'give them as --token, SPACE_TOKEN, or SPACE_CLIENT_ID with SPACE_CLIENT_SECRET',
    plainHttp: { allowed: env.SPACECTL_ALLOW_HTTP === '1', hint: 'Use https, or set SPACECTL_ALLOW_HTTP=1 if the connection is protected otherwise (e.g. a private network to an emulator).' },
  });
}
