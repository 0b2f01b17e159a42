import { getAppSecret } from '../../api/apps.js';
import { dryRunOf } from '../shared/dry-run.js';
import { isApiError } from '../../api/errors.js';
import { appId } from '../../api/ids.js';
import type { App } from '../../api/types.js';
import { CliError, ExitCode, UsageError, exitCodeFor } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printFields, printJson, success, info } from '../../io/output.js';
import { withSpinner } from '../../io/spinner.js';
import { appSummary, findAppByName, validateAppName } from '../../services/apps/ref.js';
import { createAppConfirmed } from '../../services/apps/create.js';
import { nonEmpty, requireValues } from '../shared/inputs.js';
import { checkSecretFile, writeSecretFile } from '../../services/secrets/deliver.js';

export interface AppCreateFlags {
  name?: string;
  description?: string;
  email?: string;
  ifNotExists?: boolean;
  revealSecret?: boolean;
  secretFile?: string;
  force?: boolean;
  dryRun?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function appCreate(flags: AppCreateFlags, f: Factory): Promise<number | void> {
  const [name] = await requireValues(f, [
    { flag: '--name', value: flags.name, ask: () => f.prompter.input({ message: 'Application name', validate: nonEmpty('name') }) },
  ] as const);
  validateAppName(name);
  if (flags.email !== undefined && !EMAIL.test(flags.email)) throw new UsageError(`--email "${flags.email}" is not an email address (expected e.g. bot@example.com)`);
  // An existing file is fine only if it may already hold this app's secret (a re-run with --if-not-exists).
  checkSecretFile(flags.secretFile, flags.force || flags.ifNotExists);

  const api = await f.api();
  let app: App | undefined;
  if (flags.ifNotExists) app = await findAppByName(api, name);
  const dry = dryRunOf(f, api);
  // A dry run predicts the duplicate-name failure the create would meet.
  if (dry && !app && !flags.ifNotExists && (await findAppByName(api, name))) {
    throw new CliError(`an application named "${name}" already exists`, ExitCode.Error, 'Pass --if-not-exists to reuse it, or choose another --name.');
  }
  if (!app && dry) {
    dry.add([{ op: 'create-app', body: { name, description: flags.description, email: flags.email } }], undefined);
    return dry.report();
  }
  // From the create to the secret file: one step that Ctrl+C does not cut (main's interrupt is held), so the
  // app and its secret are delivered, or the error says the app exists and how to fetch the secret.
  const found = app;
  const done = await f.io.hold(async () => {
    let app = found;
    let created = false;
    let confirmedAfter: string | undefined;
    if (!app) {
      checkSecretFile(flags.secretFile, flags.force);
      try {
        ({ app, confirmedAfter } = await withSpinner(f.io, `Creating application ${name}`, () =>
          createAppConfirmed(api, { name, description: flags.description, email: flags.email })));
        created = true;
      } catch (e) {
        if (!isApiError(e, 'duplicated-entity')) throw e;
        // Lost a race with another run, or no --if-not-exists: either way the name is taken.
        if (!flags.ifNotExists) throw new CliError(`an application named "${name}" already exists`, ExitCode.Error, 'Pass --if-not-exists to reuse it, or choose another --name.');
        app = await findAppByName(api, name);
        if (!app) throw e;
      }
    }
    if (dry) return { app, created, confirmedAfter, secret: null };
    const id = appId(app.id);
    let secret: string | null = null;
    let secretFile: 'written' | 'unchanged' | undefined;
    if (flags.revealSecret || flags.secretFile) {
      try {
        secret = await getAppSecret(api, id, 'client-secret');
      } catch (e) {
        throw new CliError(`${created ? 'created' : 'found'} application ${app.name} (id:${app.id}) but could not read its client secret: ${(e as Error).message}`, exitCodeFor(e),
          `Read it later with: spacectl app secret --app id:${app.id} --secret-file <path>`);
      }
      if (secret && flags.secretFile) {
        try {
          secretFile = writeSecretFile(flags.secretFile, secret, flags.force || flags.ifNotExists);
        } catch (e) {
          // The app exists now: say so, and how to get the secret, rather than a bare file error.
          throw new CliError(`${created ? 'created' : 'found'} application ${app.name} (id:${app.id}) but could not write its client secret: ${(e as Error).message}`, exitCodeFor(e),
            `Write it with: spacectl app secret --app id:${app.id} --secret-file <path> [--force]`);
        }
      }
    }
    return { app, created, confirmedAfter, secret, secretFile };
  });
  if (dry) return dry.report(done.app);
  const { app: made, created, confirmedAfter, secret, secretFile } = done;
  app = made;

  const result = {
    app: appSummary(app),
    created,
    ...(confirmedAfter ? { confirmed: true } : {}),
    ...(flags.secretFile ? { secretFile: flags.secretFile } : {}),
    ...(flags.revealSecret && secret ? { clientSecret: secret } : {}),
  };
  if (f.io.json) return printJson(f.io, result);

  if (created && confirmedAfter) success(f.io, `Created application ${app.name} (confirmed: the answer was lost, ${confirmedAfter}, and the application was read back by name)`);
  else if (created) success(f.io, `Created application ${app.name}`);
  else info(f.io, `Application ${app.name} already exists; nothing changed.`);
  printFields(f.io, [
    ['id', app.id],
    ['name', app.name],
    ['client ID', app.clientId],
    ['client secret', flags.revealSecret && secret ? secret : undefined],
  ]);
  if (flags.secretFile) info(f.io, `Client secret ${secretFile === 'unchanged' ? 'already in' : 'written to'} ${flags.secretFile} (mode 0600).`);
  else if (!flags.revealSecret) info(f.io, `The client secret is not shown. Get it with: spacectl app secret --app id:${app.id} --secret-file <path>  (or --reveal)`);
}
