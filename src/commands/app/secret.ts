import { getAppSecret, regenerateAppSecret } from '../../api/apps.js';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printJson, printLine, success, info } from '../../io/output.js';
import { resolveAppId } from '../shared/app-ref.js';
import { confirmOrRefuse, requireValues } from '../shared/inputs.js';
import { checkSecretFile, writeSecretFile } from '../shared/secret-output.js';

export interface SecretFlags { app?: string; regenerate?: boolean; reveal?: boolean; secretFile?: string; force?: boolean; yes?: boolean }

export async function appSecret(flags: SecretFlags, f: Factory): Promise<void> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: () => f.prompter.input({ message: 'Application' }) }] as const);
  if (!flags.regenerate && !flags.reveal && !flags.secretFile) {
    throw new UsageError('choose where the secret goes: --reveal (print it) or --secret-file <path> (mode 0600); add --regenerate to rotate it');
  }
  // A rotated secret must not be lost: check the destination before rotating.
  // Without rotation an existing file holding the same secret is fine (writeSecretFile compares).
  checkSecretFile(flags.secretFile, flags.force || !flags.regenerate);
  const api = await f.api();
  const id = await resolveAppId(api, ref);
  if (flags.regenerate) {
    await confirmOrRefuse(f, { yes: flags.yes, message: `Rotate the client secret of ${ref}? The current secret stops working.`, what: 'rotate the client secret' });
    await regenerateAppSecret(api, id, 'client-secret');
  }
  const secret = flags.reveal || flags.secretFile ? await getAppSecret(api, id, 'client-secret') : null;
  if (flags.secretFile && secret) writeSecretFile(flags.secretFile, secret, flags.force || flags.regenerate);
  if (f.io.json) {
    return printJson(f.io, { app: id, regenerated: Boolean(flags.regenerate), ...(flags.secretFile ? { secretFile: flags.secretFile } : {}), ...(flags.reveal ? { clientSecret: secret } : {}) });
  }
  if (flags.regenerate) success(f.io, `Rotated the client secret of ${ref}`);
  if (flags.secretFile) info(f.io, `Client secret written to ${flags.secretFile} (mode 0600).`);
  if (flags.reveal && secret) printLine(f.io, secret);
}
