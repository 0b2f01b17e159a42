import { parseRedirectUris } from '../../domain/redirect-uris.js';
import type { App } from '../../api/types.js';
import type { Factory } from '../../factory.js';
import { printFields, printJson } from '../../io/output.js';
import { resolveApp } from '../../services/apps/ref.js';
import { requireValues } from '../shared/inputs.js';

export async function appShow(flags: { app?: string }, f: Factory): Promise<void> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: () => f.prompter.input({ message: 'Application (name, id:… or clientId:…)' }) }] as const);
  const app = await resolveApp(await f.api(), ref);
  if (f.io.json) return printJson(f.io, app);
  printFields(f.io, appFields(app));
}

export function appFields(app: App): Array<[string, unknown]> {
  return [
    ['id', app.id],
    ['name', app.name],
    ['client ID', app.clientId],
    ['description', app.description],
    ['email', app.email],
    ['owner', app.owner?.username],
    ['created', app.createdAt],
    ['client credentials', app.clientCredentialsFlowEnabled ?? undefined],
    ['authorization code', app.codeFlowEnabled ?? undefined],
    ['  redirect URIs', app.codeFlowEnabled ? parseRedirectUris(app.codeFlowRedirectURIs) : undefined],
    ['  PKCE required', app.codeFlowEnabled ? (app.pkceRequired ?? false) : undefined],
    ['implicit', app.implicitFlowEnabled ?? undefined],
    ['  redirect URIs ', app.implicitFlowEnabled ? parseRedirectUris(app.implicitFlowRedirectURIs) : undefined],
    ['endpoint', app.endpointURI],
    ['archived', app.archived ? true : undefined],
  ];
}
