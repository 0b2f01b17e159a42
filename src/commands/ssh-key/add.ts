import { listSshKeys } from '../../api/misc.js';
import { appId } from '../../api/ids.js';
import type { Factory } from '../../factory.js';
import { info, printJson, printLine, success } from '../../io/output.js';
import { resolveApp, appSummary } from '../../services/apps/ref.js';
import { askApp } from '../shared/app-ref.js';
import { requireValues } from '../shared/inputs.js';
import { commentFor, readKey, type KeySourceFlags } from './key-input.js';
import { keygenLine } from '../../services/ssh-keys/keys.js';
import { planSshKeys, wantedKey } from '../../services/ssh-keys/plan.js';
import { executeOps } from '../../services/ops.js';
import { dryRunOf } from '../shared/dry-run.js';

export interface SshKeyAddFlags extends KeySourceFlags { app?: string; comment?: string; dryRun?: boolean }

export async function sshKeyAdd(flags: SshKeyAddFlags, f: Factory): Promise<number | void> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: askApp(f) }] as const);
  // Validated locally before anything is sent (a private key never leaves this process).
  const input = await readKey(f, flags);
  const key = input.parsed;
  const comment = commentFor(input, flags.comment);

  const api = await f.api();
  const app = await resolveApp(api, ref);
  const id = appId(app.id);
  const plan = planSshKeys(await listSshKeys(api, id), { keys: [wantedKey(key, comment)] });
  const existing = plan.present[0];
  const dry = dryRunOf(f, api);
  if (dry) {
    dry.add(plan.ops, id);
    return dry.report(app);
  }
  // A duplicate answer (added meanwhile by someone else) also meets the goal: executeOps accepts it.
  await executeOps(api, id, plan.ops);
  const added = plan.ops.length > 0;
  const doc = {
    app: appSummary(app),
    added,
    key: { sha256: key.sha256, md5: `MD5:${key.md5}`, type: key.type, bits: key.bits ?? null, comment: existing?.comment ?? comment },
  };
  if (f.io.json) return printJson(f.io, doc);
  printLine(f.io, keygenLine(key));
  if (added) success(f.io, `Added the ${key.type} key to ${app.name} (comment: ${comment})`);
  else info(f.io, `This key is already on ${app.name}${existing ? ` (comment: ${existing.comment})` : ''}; nothing to add.`);
}
