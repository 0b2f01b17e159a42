import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printFields, printJson, printTable, success } from '../../io/output.js';
import { confirmOrRefuse } from '../shared/inputs.js';

async function existing(f: Factory, name: string) {
  const store = await f.config();
  const p = store.get(name);
  if (!p) {
    const known = Object.keys(store.list());
    throw new UsageError(`profile "${name}" does not exist${known.length ? `; known profiles: ${known.join(', ')}` : '; add one with `spacectl profile add`'}`);
  }
  return { store, profile: p };
}

export async function profileList(_: unknown, f: Factory): Promise<void> {
  const store = await f.config();
  const active = store.active();
  const rows = Object.entries(store.list()).map(([name, p]) => ({ name, url: p.url, auth: p.auth, clientId: p.clientId, active: name === active }));
  if (f.io.json) return printJson(f.io, rows);
  if (!rows.length) return info(f.io, 'No profiles. Add one with: spacectl profile add <name> --url <server> --token-stdin');
  printTable(f.io, ['', 'NAME', 'URL', 'AUTH'], rows.map((r) => [r.active ? '*' : '', r.name, r.url, r.auth]));
}

export async function profileShow(_: unknown, f: Factory, [nameArg]: string[]): Promise<void> {
  const store = await f.config();
  const name = nameArg ?? f.globals.profile ?? f.env.SPACECTL_PROFILE ?? store.active();
  if (!name) throw new UsageError('no active profile; name one: spacectl profile show <name>');
  const { profile } = await existing(f, name);
  const hasSecret = Boolean(profile.auth === 'token' ? store.secret(name)?.token : store.secret(name)?.clientSecret);
  const view = { name, ...profile, active: store.active() === name, secret: hasSecret ? 'stored' : 'missing', profilesFile: store.profilesPath, credentialsFile: store.secretsPath };
  if (f.io.json) return printJson(f.io, view);
  printFields(f.io, [['name', name], ['url', profile.url], ['auth', profile.auth], ['client ID', profile.clientId], ['CA file', profile.caFile], ['active', view.active],
    ['secret', hasSecret ? `stored in ${store.secretsPath} (not shown)` : 'missing'], ['profiles file', store.profilesPath]]);
}

export async function profileUse(_: unknown, f: Factory, [name]: string[]): Promise<void> {
  const { store } = await existing(f, name!);
  const { found, changed } = await store.setActive(name!);
  if (!found) await existing(f, name!); // removed meanwhile by another process: the usual message
  if (f.io.json) return printJson(f.io, { active: name, changed });
  success(f.io, changed ? `Now using profile ${name}` : `Profile ${name} is already active`);
}

export async function profileRemove(flags: { yes?: boolean }, f: Factory, [name]: string[]): Promise<void> {
  const { store } = await existing(f, name!);
  await confirmOrRefuse(f, { yes: flags.yes, message: `Remove profile ${name} and its stored secret?`, what: `remove profile ${name}` });
  const removed = await store.remove(name!);
  if (f.io.json) return printJson(f.io, { removed: name, changed: removed });
  success(f.io, removed ? `Removed profile ${name}` : `Profile ${name} was already removed`);
}
