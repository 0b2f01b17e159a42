import { appId } from '../../api/ids.js';
import type { App } from '../../api/types.js';
import { validateEndpointUri } from '../../domain/redirect-uris.js';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printJson, success } from '../../io/output.js';
import { withSpinner } from '../../io/spinner.js';
import { resolveApp, appSummary } from '../../services/apps/ref.js';
import { askApp } from '../shared/app-ref.js';
import { readStdin, requireValues } from '../shared/inputs.js';
import { endpointState, planEndpoint, readBearerToken, type EndpointIntent, type Verification } from '../../services/endpoint/settings.js';
import { executeOps } from '../../services/ops.js';
import { printEndpoint } from './show.js';
import { dryRunOf } from '../shared/dry-run.js';

export interface EndpointSetFlags {
  app?: string;
  uri?: string;
  verification?: Verification;
  sslVerification?: boolean;
  bearerTokenStdin?: boolean;
  basicAuthUser?: string;
  basicAuthPasswordStdin?: boolean;
  allowHttp?: boolean;
}

export async function endpointSet(flags: EndpointSetFlags, f: Factory): Promise<number | void> {
  const others = flags.verification !== undefined || flags.sslVerification !== undefined || flags.bearerTokenStdin || flags.basicAuthUser !== undefined || flags.basicAuthPasswordStdin;
  // --uri may be left out only when changing something else of an existing endpoint (checked below).
  const [ref, uriArg] = await requireValues(f, [
    { flag: '--app', value: flags.app, ask: askApp(f) },
    ...(others ? [] : [{ flag: '--uri', value: flags.uri, ask: () => f.prompter.input({ message: 'Endpoint URI (https://…)', validate: uriCheck(flags) }) }]),
  ] as const);
  // The user types a secret in to set it: send it even when it cannot be compared with the stored one.
  const change: EndpointIntent = { sslVerification: flags.sslVerification, verification: flags.verification, resendSecrets: true };
  const uri = (uriArg as string | undefined) ?? flags.uri;
  if (uri !== undefined) change.uri = validateEndpointUri(uri, { allowHttp: Boolean(flags.allowHttp) });

  if (flags.bearerTokenStdin && (flags.basicAuthUser !== undefined || flags.basicAuthPasswordStdin)) {
    throw new UsageError('choose one app-level auth: --bearer-token-stdin, or --basic-auth-user with --basic-auth-password-stdin');
  }
  if ((flags.basicAuthUser !== undefined) !== Boolean(flags.basicAuthPasswordStdin)) {
    throw new UsageError('basic auth needs both --basic-auth-user <name> and --basic-auth-password-stdin');
  }
  if (flags.basicAuthUser !== undefined && !flags.basicAuthUser.trim()) throw new UsageError('--basic-auth-user cannot be empty');
  // Secrets come from stdin only (flags show up in process lists); read before any change.
  if (flags.bearerTokenStdin) change.appLevelAuth = { kind: 'bearer', token: await readStdin(f, '--bearer-token-stdin') };
  if (flags.basicAuthPasswordStdin) change.appLevelAuth = { kind: 'basic', username: flags.basicAuthUser!, password: await readStdin(f, '--basic-auth-password-stdin') };

  const api = await f.api();
  const app = await resolveApp(api, ref);
  if (change.uri === undefined && !app.endpointURI) {
    throw new UsageError(`${app.name} has no endpoint yet: give --uri <https://…>`);
  }
  const id = appId(app.id);
  if (change.appLevelAuth?.kind === 'bearer') change.appLevelAuth.currentToken = await readBearerToken(api, app);
  const plan = planEndpoint(app, change);
  const sent = Object.keys(plan.body); // field names only: some hold secrets
  const dry = dryRunOf(f, api);
  if (dry) {
    dry.add(plan.ops, id);
    return dry.report(app);
  }
  let after: App = app;
  if (plan.ops.length) after = (await withSpinner(f.io, 'Updating the endpoint', () => executeOps(api, id, plan.ops))) ?? app;

  const endpoint = endpointState(after);
  if (f.io.json) return printJson(f.io, { app: appSummary(app), changed: sent.length > 0, sent, endpoint });
  if (sent.length) success(f.io, `Updated the endpoint of ${app.name} (${sent.join(', ')})`);
  else info(f.io, `The endpoint of ${app.name} is already set like that; nothing to change.`);
  printEndpoint(f, endpoint);
  if (sent.includes('hasSigningKey') && endpoint.signingKey) {
    info(f.io, `Give the app its signing key: spacectl endpoint signing-key --app ${ref} --secret-file <path>`);
  }
  if (sent.includes('hasVerificationToken') && endpoint.verificationToken) {
    info(f.io, `Give the app its verification token: spacectl endpoint verification-token --app ${ref} --secret-file <path>`);
  }
}

function uriCheck(flags: EndpointSetFlags) {
  return (v: string): true | string => {
    try {
      validateEndpointUri(v, { allowHttp: Boolean(flags.allowHttp) });
      return true;
    } catch (e) {
      return (e as Error).message;
    }
  };
}
