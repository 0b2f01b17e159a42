// Live app → manifest document (secrets excluded), with a stable key order so export → apply → export round-trips.
import { stringify } from 'yaml';
import { parseRedirectUris } from '../domain/redirect-uris.js';
import { isKnownRightCode } from '../domain/rights-catalog.js';
import { parsePublicKey } from '../domain/ssh-keys.js';
import { appAuthOf, endpointState, verificationOf } from '../services/endpoint/settings.js';
import type { LiveApp } from './live.js';
import { MANIFEST_VERSION, type AppDoc, type ManifestDoc } from './types.js';

const HELD = new Set(['REQUESTED', 'GRANTED']);
const sorted = (list: Iterable<string>) => [...new Set(list)].sort();

export function exportApp(live: LiveApp, warn: (message: string) => void = () => {}): AppDoc {
  const a = live.app;
  const doc: AppDoc = { name: a.name };
  if (a.description) doc.description = a.description;
  if (a.email) doc.email = a.email;

  const codeUris = parseRedirectUris(a.codeFlowRedirectURIs);
  const implicitUris = parseRedirectUris(a.implicitFlowRedirectURIs);
  // Space lets a flow be on without redirect URIs; spacectl never turns one on like that, so say it here, not on apply.
  for (const [on, list, flow] of [[a.codeFlowEnabled, codeUris, 'authorization-code'], [a.implicitFlowEnabled, implicitUris, 'implicit']] as const) {
    if (on && !list.length) warn(`${a.name}: the ${flow} flow is enabled without redirect URIs; applying this manifest where the flow is off is refused until its redirectUris lists one`);
  }
  doc.flows = {
    clientCredentials: Boolean(a.clientCredentialsFlowEnabled),
    authorizationCode: { enabled: Boolean(a.codeFlowEnabled), ...(codeUris.length ? { redirectUris: codeUris } : {}), pkce: Boolean(a.pkceRequired) },
    implicit: { enabled: Boolean(a.implicitFlowEnabled), ...(implicitUris.length ? { redirectUris: implicitUris } : {}) },
  };

  // Exactly the live state, each right in the context it is held in (never a wider one): the app-wide
  // required rights, and per context the rights requested or granted there.
  const held = (ctx: string) => (live.contexts.get(ctx) ?? []).filter((r) => HELD.has(r.status)).map((r) => r.code);
  const projects: Record<string, string[]> = {};
  for (const key of [...(live.authorizedProjects ?? [])].sort()) {
    const codes = sorted(held(`project:key:${key}`));
    if (codes.length) projects[key] = codes;
  }
  // Said, not silently dropped: an export that looks complete would be applied elsewhere as if it were.
  if (live.otherContexts?.length) {
    warn(`${a.name}: also authorized in ${live.otherContexts.join(', ')}; a manifest cannot describe ${live.otherContexts.length === 1 ? 'it' : 'them'}, so ${live.otherContexts.length === 1 ? 'it is' : 'they are'} left out of the export`);
  }
  // Every key, `projects: {}` too: a key left out is not managed, and an export is the whole state (--prune exact).
  // A newer (or older) server holds rights this spacectl's catalog does not know; the manifest would be refused.
  const unknown = sorted([...(live.requiredRights ?? []).map((r) => r.code), ...[...live.contexts.keys()].flatMap(held)].filter((c) => !isKnownRightCode(c)));
  if (unknown.length) {
    warn(`${a.name}: rights unknown to spacectl's catalog (Space 2023.2): ${unknown.join(', ')}; exported as held, but plan and apply refuse a manifest naming them until they are removed from it`);
  }
  doc.rights = { required: sorted((live.requiredRights ?? []).map((r) => r.code)), global: sorted(held('global')), projects };

  const verification = verificationOf(a);
  const auth = appAuthOf(a);
  if (a.endpointURI || verification !== 'none' || auth) {
    doc.endpoint = {};
    if (a.endpointURI) doc.endpoint.uri = a.endpointURI;
    if (verification !== undefined) doc.endpoint.verification = verification;
    else warn(`${a.name}: several endpoint verifications are on (${endpointState(a).verification.join(', ')}); endpoint.verification is left out (choose one)`);
    doc.endpoint.sslVerification = a.endpointSslVerification ?? true;
    // Basic auth's user is in ES_App, or at least in EndpointAuthRead.Basic.
    const basicUser = a.basicAuthUsername || a.settings?.endpointAuth?.appLevelAuth?.username || '';
    if (auth === 'Basic' && !basicUser) warn(`${a.name}: the endpoint has basic auth but Space did not return its user name; endpoint.appLevelAuth is left out`);
    else if (auth) {
      // Secrets are never exported: the reference's shape is, and what a re-apply needs is said.
      const variable = `${envName(a.name)}_${auth === 'Bearer' ? 'BEARER_TOKEN' : 'BASIC_PASSWORD'}`;
      doc.endpoint.appLevelAuth = auth === 'Bearer'
        ? { bearer: { token: { env: variable } } }
        : { basic: { username: basicUser, password: { env: variable } } };
      warn(`${a.name}: the endpoint's ${auth === 'Bearer' ? 'bearer token' : 'basic-auth password'} is not exported; applying this manifest where the app does not have it yet needs it in $${variable} (or change the reference to { file: <path> })`);
    }
  }

  doc.sshKeys = (live.sshKeys ?? []).map((k) => {
    let key = k.publicKey.trim();
    try {
      const p = parsePublicKey(key);
      key = `${p.type} ${p.blobBase64}`;
    } catch {
      /* keep Space's text as it is */
    }
    return { key, ...(k.comment ? { comment: k.comment } : {}) };
  });
  return doc;
}

export function exportDocument(apps: AppDoc[]): ManifestDoc {
  return { version: MANIFEST_VERSION, apps };
}

/** `rt-bot` → `RT_BOT`: the prefix of the environment variables an export refers to. */
export function envName(appName: string): string {
  const s = appName.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Z_]/.test(s) ? s : `APP_${s}`;
}

export function serializeManifest(doc: ManifestDoc, format: 'yaml' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  const header = '# spacectl manifest (spacectl app export); secrets are not included, only references to where they are read from.\n# Apply with: spacectl apply -f <this file>\n';
  return header + stringify(doc, { lineWidth: 0 });
}
