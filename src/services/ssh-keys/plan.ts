// The SSH-keys planner: which keys to add and delete so the app holds the intended ones. Used by
// `ssh-key add/remove` and the manifest's `sshKeys`. Pure; keys are matched by digest, whatever fingerprint
// form Space returned.
import type { SshKeyData } from '../../api/types.js';
import type { ParsedKey } from '../../domain/ssh-keys.js';
import type { Planned } from '../ops.js';
import { keyView, sameKey, type KeyView } from './keys.js';

/** A key to hold: `publicKey` is `type base64` (the comment travels in its own field). */
export interface WantedKey {
  publicKey: string;
  comment: string;
  sha256: string;
  md5: string;
}

export const wantedKey = (k: ParsedKey, comment: string): WantedKey => ({ publicKey: `${k.type} ${k.blobBase64}`, comment, sha256: k.sha256, md5: k.md5 });

export interface SshKeyIntent {
  /** Keys that must be there. */
  keys?: WantedKey[];
  /** Keys (as listed: `keyView`) that must not be there. */
  remove?: KeyView[];
  /** Delete every key not in `keys`. */
  prune?: boolean;
}

export interface SshKeyPlan extends Planned {
  /** For each wanted key, the key already on the app (undefined: it will be added). */
  present: Array<SshKeyData | undefined>;
}

const label = (v: KeyView, k: SshKeyData) => v.sha256 ?? k.sha256fingerprint ?? v.fingerprint;

export function planSshKeys(live: SshKeyData[], intent: SshKeyIntent): SshKeyPlan {
  const views = live.map((k) => ({ data: k, view: keyView(k) }));
  const plan: SshKeyPlan = { ops: [], changes: [], notes: [], present: [] };
  const wanted = intent.keys ?? [];
  for (const want of wanted) {
    const have = views.find((v) => sameKey(v.data, want));
    plan.present.push(have?.data);
    if (have) {
      if (have.data.comment !== want.comment) {
        plan.notes.push(`SSH key ${want.sha256} has the comment "${have.data.comment}" in Space, "${want.comment}" wanted; comments cannot be changed in place`);
      }
      continue;
    }
    plan.ops.push({ op: 'add-ssh-key', publicKey: want.publicKey, comment: want.comment, label: want.sha256 });
    plan.changes.push({ path: 'sshKeys', op: 'add', to: want.sha256, note: want.comment });
  }
  const drop = views.filter((v) => (intent.remove ?? []).some((r) => r.fingerprint === v.view.fingerprint)
    || (intent.prune && !wanted.some((w) => sameKey(v.data, w))));
  for (const v of drop) {
    plan.ops.push({ op: 'delete-ssh-key', fingerprint: v.data.fingerprint, label: label(v.view, v.data) });
    plan.changes.push({ path: 'sshKeys', op: 'remove', from: label(v.view, v.data), note: v.data.comment });
  }
  return plan;
}
