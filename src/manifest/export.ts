// Live app → manifest document (secrets excluded), with a stable key order so export → apply → export round-trips.
import { stringify } from 'yaml';
import { parseRedirectUris } from '../domain/redirect-uris.js';
import { parsePublicKey } from '../domain/ssh-keys.js';
import { liveVerification } from './diff.js';
import type { LiveApp } from './live.js';
import type { AppDoc, ManifestDoc } from './types.js';

const HELD = new Set(['REQUESTED', 'GRANTED']);
const sorted = (list: Iterable<string>) => [...new Set(list)].sort();

export function exportApp(live: LiveApp, warn: (message: string) => void = () => {}): AppDoc {
  const a = live.app;
  const doc: AppDoc = { name: a.name };
  if (a.description) doc.description = a.description;
  if (a.email) doc.email = a.email;

  const codeUris = parseRedirectUris(a.codeFlowRedirectURIs);
  const implicitUris = parseRedirectUris(a.implicitFlowRedirectURIs);
  doc.flows = {
    clientCredentials: Boolean(a.clientCredentialsFlowEnabled),
    authorizationCode: { enabled: Boolean(a.codeFlowEnabled), ...(codeUris.length ? { redirectUris: codeUris } : {}), pkce: Boolean(a.pkceRequired) },
    implicit: { enabled: Boolean(a.implicitFlowEnabled), ...(implicitUris.length ? { redirectUris: implicitUris } : {}) },
  };

  // rights.global = rights held or requested in global ∪ the other required rights; projects: held or requested there.
  const held = (ctx: string) => (live.contexts.get(ctx) ?? []).filter((r) => HELD.has(r.status)).map((r) => r.code);
  const projects: Record<string, string[]> = {};
  for (const key of [...(live.authorizedProjects ?? [])].sort()) {
    const codes = sorted(held(`project:key:${key}`));
    if (codes.length) projects[key] = codes;
  }
  // A required right that is held or requested only in projects (what `rights request --project` leaves) is a
  // project right: listing it under global too would make `plan` request it globally.
  const inProjects = new Set(Object.values(projects).flat());
  const heldGlobally = new Set(held('global'));
  const required = (live.requiredRights ?? []).map((r) => r.code).filter((c) => heldGlobally.has(c) || !inProjects.has(c));
  doc.rights = { global: sorted([...required, ...heldGlobally]), ...(Object.keys(projects).length ? { projects } : {}) };

  const verification = liveVerification(a);
  if (a.endpointURI || verification) {
    doc.endpoint = {};
    if (a.endpointURI) doc.endpoint.uri = a.endpointURI;
    if (verification === 'signing-key' || verification === 'public-key') doc.endpoint.verification = verification;
    else if (verification) warn(`${a.name}: endpoint verification "${verification}" is not expressible in a manifest (it needs a secret); left out`);
    doc.endpoint.sslVerification = a.endpointSslVerification ?? true;
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
  return { apps };
}

export function serializeManifest(doc: ManifestDoc, format: 'yaml' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  const header = '# spacectl manifest (spacectl app export); secrets are not included.\n# Apply with: spacectl apply -f <this file>\n';
  return header + stringify(doc, { lineWidth: 0 });
}
