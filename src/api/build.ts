import type { Dispatcher } from 'undici';
import type { Credentials } from '../config/resolve.js';
import { clientCredentialsAuth, tokenAuth } from './auth.js';
import { SpaceClient, Transport, type WriteOutcome } from './client.js';
import type { RetryPolicy } from './retry.js';

export function buildClient(serverUrl: string, c: Credentials, o: { dispatcher: Dispatcher; log?: (l: string) => void; timeoutMs?: number; retry?: RetryPolicy; onWrite?: (e: WriteOutcome) => void; readOnly?: boolean }): SpaceClient {
  const secrets = () => (c.kind === 'token' ? [c.token] : [c.clientSecret]);
  const transport = new Transport({ dispatcher: o.dispatcher, log: o.log, timeoutMs: o.timeoutMs, retry: o.retry, secrets, onWrite: o.onWrite, readOnly: o.readOnly });
  const auth = c.kind === 'token' ? tokenAuth(c.token) : clientCredentialsAuth({ serverUrl, clientId: c.clientId, clientSecret: c.clientSecret }, () => transport);
  return new SpaceClient({ serverUrl, auth, dispatcher: o.dispatcher }, transport);
}
