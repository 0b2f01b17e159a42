import type { Dispatcher } from 'undici';
import type { Credentials } from '../config/resolve.js';
import { clientCredentialsAuth, tokenAuth, userLoginAuth, type LoginTokens } from './auth.js';
import { SpaceClient, Transport, type WriteOutcome } from './client.js';
import type { RetryPolicy } from './retry.js';

export function buildClient(serverUrl: string, c: Credentials, o: {
  dispatcher: Dispatcher; log?: (l: string) => void; timeoutMs?: number; retry?: RetryPolicy; onWrite?: (e: WriteOutcome) => void; readOnly?: boolean;
  /** The run's interrupt and the activity spinner's hook (see Transport). */
  signal?: AbortSignal; proxy?: string; onRequest?: () => () => void;
  /** Browser logins: stores refreshed tokens. */
  onRefresh?: (t: LoginTokens) => Promise<void>;
}): SpaceClient {
  // The auth's own list (refreshed tokens included); only called once a request is under way, after `auth` exists.
  const secrets = (): string[] => auth.secrets();
  const transport = new Transport({ dispatcher: o.dispatcher, log: o.log, timeoutMs: o.timeoutMs, retry: o.retry, secrets, onWrite: o.onWrite, readOnly: o.readOnly, signal: o.signal, proxy: o.proxy, onRequest: o.onRequest });
  const auth = c.kind === 'token' ? tokenAuth(c.token)
    : c.kind === 'oauth' ? userLoginAuth({ serverUrl, clientId: c.clientId, tokens: c.tokens, onRefresh: o.onRefresh }, () => transport)
      : clientCredentialsAuth({ serverUrl, clientId: c.clientId, clientSecret: c.clientSecret }, () => transport);
  return new SpaceClient({ serverUrl, auth, dispatcher: o.dispatcher }, transport);
}
