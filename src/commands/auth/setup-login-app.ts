import { getApp } from '../../api/apps.js';
import { appId } from '../../api/ids.js';
import type { Factory } from '../../factory.js';
import { info, printJson, success } from '../../io/output.js';
import { withSpinner } from '../../io/spinner.js';
import { createAppConfirmed } from '../../services/apps/create.js';
import { appSummary, findAppByName } from '../../services/apps/ref.js';
import { planFlow } from '../../services/flows/plan.js';
import { executeOps } from '../../services/ops.js';
import { CALLBACK_PATH } from '../../services/auth/login.js';

/** What `auth login` redirects to; ports are free per login (RFC 8252 §7.3 loopback matching). */
export const LOGIN_REDIRECT_URI = `http://127.0.0.1${CALLBACK_PATH}`;

/**
 * `auth setup-login-app` (an administrator, once): the Space application `auth login` signs in through — the
 * authorization-code flow with PKCE and the loopback redirect URI. Idempotent: what is already set stays.
 */
export async function authSetupLoginApp(flags: { name: string }, f: Factory): Promise<void> {
  const api = await f.api();
  // The list carries few fields: the flow settings come from the app itself.
  const found = await findAppByName(api, flags.name);
  let app = found && (await getApp(api, appId(found.id)));
  const created = !app;
  if (!app) app = (await withSpinner(f.io, `Creating application ${flags.name}`, () => createAppConfirmed(api, { name: flags.name, description: 'Browser login for spacectl (auth login)' }))).app;
  const plan = planFlow(app, 'authorization-code', { enabled: true, redirectUris: { add: [LOGIN_REDIRECT_URI] }, pkce: true });
  if (plan.ops.length) await withSpinner(f.io, 'Enabling the authorization-code flow with PKCE', () => executeOps(api, appId(app.id), plan.ops));
  const login = `spacectl auth login --url ${api.serverUrl} --client-id ${app.clientId}`;
  if (f.io.json) return printJson(f.io, { app: appSummary(app), created, changed: created || plan.ops.length > 0, redirectUri: LOGIN_REDIRECT_URI, login });
  if (created || plan.ops.length) success(f.io, `${created ? 'Created' : 'Updated'} login application ${app.name}: authorization-code flow with PKCE, redirect URI ${LOGIN_REDIRECT_URI}`);
  else success(f.io, `Login application ${app.name} is already set up`);
  info(f.io, `Users log in with:\n  ${login}`);
}
