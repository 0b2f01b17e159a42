// Rotating a secret is not idempotent (every POST makes a new one), so, like creating an app, a rotation whose
// answer is lost (a reset or a timeout after the request was sent, a 5xx, a garbled answer) is settled by
// reading the secret back and comparing it with the one before: "rotated" or "not rotated", never "cannot reach
// the server" while Space holds a new secret that no file has.
import { getAppSecret, regenerateAppSecret, type AppSecretKind } from '../../api/apps.js';
import type { SpaceClient } from '../../api/client.js';
import type { AppIdentifier } from '../../api/ids.js';
import { CliError, ExitCode } from '../../errors.js';
import { isAmbiguousWrite } from '../apps/create.js';

type Kind = Exclude<AppSecretKind, 'bearer-token'>;

export async function regenerateConfirmed(api: SpaceClient, app: AppIdentifier, kind: Kind): Promise<{ confirmedAfter?: string }> {
  // One read more per rotation (rare by nature) buys a certain answer when the rotation's own answer is lost.
  const before = await getAppSecret(api, app, kind);
  try {
    await regenerateAppSecret(api, app, kind);
    return {};
  } catch (e) {
    if (!isAmbiguousWrite(e)) throw e;
    const lost = (e as Error).message;
    const what = kind.replace('-', ' ');
    let after: string | null;
    try {
      after = await getAppSecret(api, app, kind);
    } catch (again) {
      throw new CliError(`it is not known whether the ${what} was rotated: the answer was lost (${lost}) and reading it back failed (${(again as Error).message})`,
        ExitCode.Error, 'Read it back when the server answers again (spacectl app secret / endpoint signing-key with --secret-file): it is the current one either way.');
    }
    if (after !== before) return { confirmedAfter: lost };
    throw new CliError(`the ${what} was not rotated (read back after the answer was lost: ${lost})`, (e as CliError).exitCode ?? ExitCode.Error,
      'Nothing changed: the current secret still works, and re-running is safe.');
  }
}
