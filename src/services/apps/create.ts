// Creating an app is the one write that is not idempotent: when its answer is lost (a timeout, a reset after
// the request was sent, a 5xx or a garbled answer, any of which may come after Space created it), the app is
// re-read by name instead of guessed: "created (confirmed)" or "not created", never "cannot reach the server".
import { createApp } from '../../api/apps.js';
import type { SpaceClient } from '../../api/client.js';
import type { App, CreateAppBody } from '../../api/types.js';
import { CliError, ExitCode } from '../../errors.js';
import { findAppByName } from './ref.js';
import { isAmbiguousWrite } from '../../api/errors.js';

// Failures that say nothing about whether Space made the change; the audit journal's `unknown` is the same rule.
export { isAmbiguousWrite };

export interface CreateOutcome {
  app: App;
  /** Set when the answer was lost and the app was found by name afterwards: the reason the answer was lost. */
  confirmedAfter?: string;
}

export async function createAppConfirmed(api: SpaceClient, body: CreateAppBody): Promise<CreateOutcome> {
  try {
    return { app: await createApp(api, body) };
  } catch (e) {
    if (!isAmbiguousWrite(e)) throw e;
    const lost = (e as Error).message;
    let found: App | undefined;
    try {
      found = await findAppByName(api, body.name);
    } catch (again) {
      throw new CliError(`it is not known whether application ${body.name} was created: the answer was lost (${lost}) and reading it back failed (${(again as Error).message})`,
        ExitCode.Error, `Re-run with --if-not-exists: it reuses the application if it was created (\`spacectl app show --app ${body.name}\` checks).`);
    }
    if (found) return { app: found, confirmedAfter: lost };
    throw new CliError(`application ${body.name} was not created (read back by name after the answer was lost: ${lost})`, (e as CliError).exitCode ?? ExitCode.Error,
      'Nothing was created, unless the server is still working on the request; re-running with --if-not-exists is safe either way.');
  }
}
