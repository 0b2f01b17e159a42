import { listSshKeys } from '../../api/misc.js';
import { appId } from '../../api/ids.js';
import { matchesFingerprint, parseFingerprint } from '../../domain/ssh-keys.js';
import type { Factory } from '../../factory.js';
import { info, printJson, success } from '../../io/output.js';
import { resolveApp, appSummary } from '../../services/apps/ref.js';
import { askApp } from '../shared/app-ref.js';
import { confirmOrRefuse, requireValues } from '../shared/inputs.js';
import { keyView, type KeyView } from '../../services/ssh-keys/keys.js';
import { planSshKeys } from '../../services/ssh-keys/plan.js';
import { executeOps } from '../../services/ops.js';
import { dryRunOf } from '../shared/dry-run.js';

const PICK = '\u0000pick';

export async function sshKeyRemove(flags: { app?: string; yes?: boolean; dryRun?: boolean }, f: Factory, args: string[]): Promise<number | void> {
  const [ref, given] = await requireValues(f, [
    { flag: '--app', value: flags.app, ask: askApp(f) },
    // On a TTY the key is picked from the app's keys once they are listed (PICK stands in until then).
    { flag: '<fingerprint>', value: args[0], ask: async () => PICK },
  ] as const);
  if (given !== PICK) parseFingerprint(given); // a malformed one is a usage error before anything is read

  const api = await f.api();
  const app = await resolveApp(api, ref);
  const id = appId(app.id);
  const raw = await listSshKeys(api, id);
  const keys = raw.map(keyView);
  let query: string = given;
  if (given === PICK) {
    if (!keys.length) {
      if (f.io.json) return printJson(f.io, { app: appSummary(app), removed: false, reason: 'not-found', fingerprint: null });
      return info(f.io, `${app.name} has no SSH keys; nothing to remove.`);
    }
    query = await f.prompter.select<string>({ message: 'Key to remove', choices: keys.map((k) => ({ name: `${k.sha256 ?? k.fingerprint}  ${k.comment}`, value: k.fingerprint })) });
  }
  const q = query;
  const match = keys.find((k) => matches(q, k));
  if (!match) {
    // Removal is idempotent: the key not being there is the state asked for.
    if (f.io.json) return printJson(f.io, { app: appSummary(app), removed: false, reason: 'not-found', fingerprint: q });
    return info(f.io, `No key ${q} on ${app.name}; nothing to remove.`);
  }
  const dry = dryRunOf(f, api);
  if (dry) {
    dry.add(planSshKeys(raw, { remove: [match] }).ops, id);
    return dry.report(app);
  }
  await confirmOrRefuse(f, { yes: flags.yes, message: `Remove the SSH key ${match.sha256 ?? match.fingerprint} (${match.comment}) from ${app.name}? Git access with it stops.`, what: `remove the SSH key from ${app.name}` });
  // Deleted by the fingerprint exactly as GET returned it (Space HTTP API); one already gone counts as removed.
  await executeOps(api, id, planSshKeys(raw, { remove: [match] }).ops);
  if (f.io.json) return printJson(f.io, { app: appSummary(app), removed: true, key: match });
  success(f.io, `Removed the SSH key ${match.sha256 ?? match.fingerprint} (${match.comment}) from ${app.name}`);
}


function matches(query: string, k: KeyView): boolean {
  if (query === k.fingerprint) return true;
  return matchesFingerprint(query, { fingerprint: k.fingerprint, ...(k.sha256 ? { sha256: k.sha256 } : {}), ...(k.md5 ? { md5: k.md5 } : {}) });
}
