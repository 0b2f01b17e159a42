import { storageOf } from '../../config/store.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printFields, printJson, printTable, success, warn } from '../../io/output.js';
import { confirmOrRefuse } from '../shared/inputs.js';

async function existing(f: Factory, name: string) {
  const store = await f.config();
  const p = store.get(name);
  if (!p) {
    const known = Object.keys(store.list());
    // Something that is not there is exit 1, like an unknown app or project (a mistyped flag is 2).
    throw new CliError(`profile "${name}" does not exist${known.length ? `; known profiles: ${known.join(', ')}` : '; add one with `spacectl profile add`'}`, ExitCode.Error);
  }
  return { store, profile: p };
}

export async function profileList(_: unknown, f: Factory): Promise<void> {
  const store = await f.config();
  const active = store.active();
  const rows = Object.entries(store.list()).map(([name, p]) => ({ name, url: p.url, auth: p.auth, clientId: p.clientId, active: name === active, storage: storageOf(p) }));
  if (f.io.json) return printJson(f.io, rows);
  if (!rows.length) return info(f.io, 'No profiles. Add one with: spacectl profile add <name> --url <server> --token-stdin');
  printTable(f.io, ['', 'NAME', 'URL', 'AUTH'], rows.map((r) => [r.active ? '*' : '', r.name, r.url, r.auth]));
}

export async function profileShow(_: unknown, f: Factory, [nameArg]: string[]): Promise<void> {
  const store = await f.config();
  const name = nameArg ?? f.globals.profile ?? f.env.SPACECTL_PROFILE ?? store.active();
  if (!name) throw new UsageError('no active profile; name one: spacectl profile show <name>');
  const { profile } = await existing(f, name);
  const storage = storageOf(profile);
  let secret: 'stored' | 'missing' | 'unreachable' = 'missing';
  let unreachable: string | undefined;
  try {
    const s = await store.readSecret(name, f.env);
    if (profile.auth === 'token' ? s?.token : s?.clientSecret) secret = 'stored';
  } catch (e) {
    secret = 'unreachable';
    unreachable = (e as Error).message;
  }
  const where = storage === 'keyring' ? `the OS keyring (account ${profile.keyring!.account})` : store.secretsPath;
  const { keyring: _ref, ...shown } = profile;
  const view = { name, ...shown, active: store.active() === name, storage, secret, ...(unreachable ? { secretError: unreachable } : {}), ...(profile.keyring ? { keyringAccount: profile.keyring.account } : {}),
    profilesFile: store.profilesPath, credentialsFile: store.secretsPath };
  if (f.io.json) return printJson(f.io, view);
  printFields(f.io, [['name', name], ['url', profile.url], ['auth', profile.auth], ['client ID', profile.clientId], ['CA file', profile.caFile], ['active', view.active],
    ['storage', storage],
    ['secret', secret === 'stored' ? `stored in ${where} (not shown)` : secret === 'missing' ? `missing from ${where}` : `cannot read ${where}: ${unreachable}`], ['profiles file', store.profilesPath]]);
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
  const { removed, keyringLeft } = await store.removeSecurely(name!, f.env);
  if (f.io.json) return printJson(f.io, { removed: name, changed: removed, ...(keyringLeft ? { warning: keyringLeft } : {}) });
  success(f.io, removed ? `Removed profile ${name}` : `Profile ${name} was already removed`);
  if (keyringLeft) warn(f.io, `The secret may still be in the OS keyring: ${keyringLeft}`);
}

/** Moves file-stored secrets into the keyring; an explicit request, so it is tried even under CI=true. */
export async function profileMigrate(_: unknown, f: Factory, [nameArg]: string[]): Promise<void> {
  const store = await f.config();
  const names = nameArg ? [(await existing(f, nameArg)) && nameArg] : Object.keys(store.list());
  const { KeyringError } = await import('../../config/keyring.js');
  const results: Array<{ name: string; result: 'moved' | 'already' }> = [];
  for (const name of names) {
    try {
      const result = await store.moveToKeyring(name, f.env);
      if (result) results.push({ name, result }); // else removed meanwhile (by another spacectl)
    } catch (e) {
      if (!(e instanceof KeyringError)) throw e;
      const done = results.filter((r) => r.result === 'moved').map((r) => r.name);
      throw new CliError(`cannot move profile ${name} into the OS keyring: ${e.message}${done.length ? ` (already moved: ${done.join(', ')})` : ''}`, ExitCode.Error,
        'Start or unlock the keyring (a Secret Service such as gnome-keyring on Linux) and run `spacectl profile migrate` again; the file still holds the secrets not moved.');
    }
  }
  if (f.io.json) return printJson(f.io, results);
  if (!results.length) return info(f.io, 'No profiles to migrate.');
  for (const r of results) success(f.io, r.result === 'moved' ? `Moved the secret of ${r.name} into the OS keyring` : `${r.name}: already in the OS keyring`);
}
