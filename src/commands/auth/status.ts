import type { Factory } from '../../factory.js';
import { printFields, printJson } from '../../io/output.js';
import { whoAmI } from '../../services/auth/whoami.js';

export async function authStatus(_: unknown, f: Factory): Promise<void> {
  const r = await f.resolved();
  const api = await f.api();
  const c = r.credentials.value;
  const identity = await whoAmI(api, c.kind);
  const src = (s: { source: string; detail?: string }) => (s.detail ? `${s.source} (${s.detail})` : s.source);
  const view = {
    server: api.serverUrl,
    serverSource: src(r.url),
    profile: r.profile?.value ?? null,
    profileSource: r.profile ? src(r.profile) : null,
    auth: c.kind,
    clientId: c.kind !== 'token' ? c.clientId : undefined,
    credentialsSource: src(r.credentials),
    caFile: r.caFile ? r.caFile.value : undefined,
    storage: r.storage,
    /** Credentials are bound to their server (src/config/resolve.ts): this is the only server they are sent to. */
    credentialsServer: api.serverUrl,
    identity,
  };
  if (f.io.json) return printJson(f.io, view);
  printFields(f.io, [
    ['server', `${view.server}  [${view.serverSource}]`],
    ['profile', view.profile ? `${view.profile}  [${view.profileSource}]` : 'none'],
    ['auth', `${c.kind === 'token' ? 'bearer token' : c.kind === 'oauth' ? `browser login, app client ID ${view.clientId}` : `client credentials, client ID ${view.clientId}`}  [${view.credentialsSource}], sent to ${view.credentialsServer}`],
    ['storage', r.storage === 'keyring' ? 'keyring (OS keyring)' : r.storage === 'file' ? 'file (0600 credentials file)' : undefined],
    ['CA file', r.caFile ? `${r.caFile.value}  [${src(r.caFile)}]` : undefined],
    ['identity', identity],
  ]);
}
