import { listSshKeys } from '../../api/misc.js';
import { appId } from '../../api/ids.js';
import type { Factory } from '../../factory.js';
import { info, printJson, printTable } from '../../io/output.js';
import { resolveApp, appSummary } from '../../services/apps/ref.js';
import { askApp } from '../shared/app-ref.js';
import { requireValues } from '../shared/inputs.js';
import { keyView } from '../../services/ssh-keys/keys.js';

export async function sshKeyList(flags: { app?: string }, f: Factory): Promise<void> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: askApp(f) }] as const);
  const api = await f.api();
  const app = await resolveApp(api, ref);
  const keys = (await listSshKeys(api, appId(app.id))).map(keyView);
  if (f.io.json) return printJson(f.io, { app: appSummary(app), keys });
  if (!keys.length) return info(f.io, `${app.name} has no SSH keys. Add one with: spacectl ssh-key add --app ${ref} --file ~/.ssh/id_ed25519.pub`);
  printTable(f.io, ['SHA256', 'MD5', 'TYPE', 'COMMENT', 'CREATED'], keys.map((k) => [k.sha256 ?? '-', k.md5 ?? '-', k.type ?? '-', k.comment, k.createdAt ?? '-']));
}
