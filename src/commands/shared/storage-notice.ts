import type { Factory } from '../../factory.js';
import { info, warn } from '../../io/output.js';

/** Where a just-saved secret went, said once when the profile is saved (and why not the keyring). */
export function storageNotice(f: Factory, o: { storage: 'keyring' | 'file'; fallback?: string; account: string; file: string }): void {
  if (o.storage === 'keyring') info(f.io, `Secret stored in the OS keyring (service spacectl, account ${o.account}).`);
  else if (o.fallback?.startsWith('no OS keyring')) warn(f.io, `${o.fallback}; secret stored in ${o.file} (mode 0600) instead.`);
  else info(f.io, `Secret stored in ${o.file} (mode 0600; ${o.fallback}).`);
}
