import type { Factory } from '../../factory.js';
import { printFields, printJson } from '../../io/output.js';
import { resolveApp, appSummary } from '../../services/apps/ref.js';
import { askApp } from '../shared/app-ref.js';
import { requireValues } from '../shared/inputs.js';
import { endpointState, type EndpointState } from '../../services/endpoint/settings.js';


export async function endpointShow(flags: { app?: string }, f: Factory): Promise<void> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: askApp(f) }] as const);
  const app = await resolveApp(await f.api(), ref);
  const endpoint = endpointState(app);
  if (f.io.json) return printJson(f.io, { app: appSummary(app), endpoint });
  printEndpoint(f, endpoint);
}

const onOff = (b: boolean) => (b ? 'on' : 'off');

export function printEndpoint(f: Factory, e: EndpointState): void {
  printFields(f.io, [
    ['endpoint URI', e.uri ?? '(none)'],
    ['TLS verification', onOff(e.sslVerification)],
    ['verification', e.verification.length ? e.verification : 'none'],
    ['signing key', onOff(e.signingKey)],
    ['public-key signature', onOff(e.publicKeySignature)],
    ['verification token', onOff(e.verificationToken)],
    ['app-level auth', e.appLevelAuth ?? 'none'],
    ['bearer token', e.bearerToken ? 'set' : 'not set'],
    ['basic auth user', e.basicAuthUsername],
    ['SSL keystore', e.sslKeystore],
  ]);
}
