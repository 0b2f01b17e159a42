// Read, rotate and deliver one app secret (client secret, signing key, verification token): the same rules
// for all of them — print only with --reveal, or write a 0600 file checked before anything changes; a
// rotation is confirmed. Used by `app secret`, `endpoint signing-key` and `endpoint verification-token`.
import { getAppSecret, type AppSecretKind } from '../../api/apps.js';
import { executeOps } from '../../services/ops.js';
import { dryRunOf } from './dry-run.js';
import { CliError, ExitCode, UsageError, exitCodeFor } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printJson, printLine, success } from '../../io/output.js';
import { resolveAppSummary } from '../../services/apps/ref.js';
import { appId } from '../../api/ids.js';
import { askApp } from './app-ref.js';
import { confirmOrRefuse, requireValues } from './inputs.js';
import { checkSecretFile, writeSecretFile } from '../../services/secrets/deliver.js';

export interface AppSecretFlags { app?: string; regenerate?: boolean; reveal?: boolean; secretFile?: string; force?: boolean; yes?: boolean; dryRun?: boolean }

export interface AppSecretSpec {
  kind: Exclude<AppSecretKind, 'bearer-token'>;
  /** Human name, e.g. "signing key". */
  label: string;
  /** Key of the secret in the --json document, e.g. "signingKey". */
  jsonKey: string;
  /** What stops working on rotation (confirmation text). */
  rotationEffect: string;
  /** The command that delivers it, e.g. `endpoint signing-key`. */
  command: string;
  /** Hint when the app has no such secret (GET answered null). */
  missingHint?: (ref: string) => string;
}

export const SIGNING_KEY: AppSecretSpec = {
  kind: 'signing-key',
  label: 'signing key',
  command: 'endpoint signing-key',
  jsonKey: 'signingKey',
  rotationEffect: 'The app rejects Space\'s calls until it is given the new key.',
  missingHint: (ref) => `Turn signing on first: spacectl endpoint set --app ${ref} --verification signing-key`,
};

export const VERIFICATION_TOKEN: AppSecretSpec = {
  kind: 'verification-token',
  label: 'verification token',
  command: 'endpoint verification-token',
  jsonKey: 'verificationToken',
  rotationEffect: 'The app rejects Space\'s calls until it is given the new token.',
  missingHint: (ref) => `Turn it on first: spacectl endpoint set --app ${ref} --verification verification-token`,
};

export const CLIENT_SECRET: AppSecretSpec = {
  kind: 'client-secret',
  label: 'client secret',
  command: 'app secret',
  jsonKey: 'clientSecret',
  rotationEffect: 'The current secret stops working.',
};

/** The action for one kind: `action(ctx, async () => (await import('./app-secret.js')).appSecretAction(SIGNING_KEY))`. */
export const appSecretAction = (spec: AppSecretSpec) => (flags: AppSecretFlags, f: Factory) => deliverAppSecret(flags, f, spec);

export async function deliverAppSecret(flags: AppSecretFlags, f: Factory, spec: AppSecretSpec): Promise<number | void> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: askApp(f) }] as const);
  if (!flags.regenerate && !flags.reveal && !flags.secretFile) {
    throw new UsageError(`choose where the ${spec.label} goes: --reveal (print it) or --secret-file <path> (mode 0600); add --regenerate to rotate it`);
  }
  // A rotated secret must not be lost: check the destination before rotating.
  // Without rotation an existing file holding the same secret is fine (writeSecretFile compares).
  checkSecretFile(flags.secretFile, flags.force || !flags.regenerate);
  const api = await f.api();
  const app = await resolveAppSummary(api, ref);
  const id = appId(app.id);
  const deliver = async () => {
    const value = flags.reveal || flags.secretFile ? await getAppSecret(api, id, spec.kind) : null;
    if ((flags.reveal || flags.secretFile) && !value) throw new CliError(`${ref} has no ${spec.label}`, ExitCode.Error, spec.missingHint?.(ref));
    if (flags.secretFile && value) writeSecretFile(flags.secretFile, value, flags.force || flags.regenerate);
    return value;
  };
  const dry = dryRunOf(f, api);
  if (flags.regenerate && !dry) await confirmOrRefuse(f, { yes: flags.yes, message: `Rotate the ${spec.label} of ${ref}? ${spec.rotationEffect}`, what: `rotate the ${spec.label}` });
  // From the rotation to the file: one step that Ctrl+C does not cut (main's interrupt is held), so a new
  // secret is delivered, or the error says it was rotated and how to fetch it (Space hands it out again).
  const secret = await f.io.hold(async () => {
    if (flags.regenerate) await executeOps(api, id, [{ op: 'regenerate-secret', kind: spec.kind }]);
    // Reading a secret is no write, but a dry run shows only the requests and never a secret.
    if (dry) return null;
    try {
      return await deliver();
    } catch (e) {
      if (!flags.regenerate) throw e;
      throw new CliError(`rotated the ${spec.label} of ${ref}, but could not deliver the new one: ${(e as Error).message}`, exitCodeFor(e),
        `The new ${spec.label} is on the server; fetch it without rotating again: spacectl ${spec.command} --app ${ref} ${flags.secretFile ? '--secret-file <path> --force' : '--reveal'}`);
    }
  });
  if (dry) return dry.report(app);
  if (f.io.json) {
    return printJson(f.io, { app, regenerated: Boolean(flags.regenerate), ...(flags.secretFile ? { secretFile: flags.secretFile } : {}), ...(flags.reveal ? { [spec.jsonKey]: secret } : {}) });
  }
  if (flags.regenerate) success(f.io, `Rotated the ${spec.label} of ${ref}`);
  if (flags.secretFile) info(f.io, `${capitalize(spec.label)} written to ${flags.secretFile} (mode 0600).`);
  if (flags.reveal && secret) printLine(f.io, secret);
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
