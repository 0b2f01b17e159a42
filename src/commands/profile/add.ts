import { serverUrlFlag } from '../shared/server-url.js';
import type { Credentials } from '../../config/resolve.js';
import type { Profile, ProfileSecret } from '../../config/store.js';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printJson, success, warn } from '../../io/output.js';
import { storageNotice } from '../shared/storage-notice.js';
import { withSpinner } from '../../io/spinner.js';
import { nonEmpty, readSecretFile, readStdin, requireValues } from '../shared/inputs.js';
import { whoAmI } from '../../services/auth/whoami.js';

export interface ProfileAddFlags {
  url?: string; token?: string; tokenStdin?: boolean; tokenFile?: string; clientId?: string; clientSecret?: string; clientSecretStdin?: boolean;
  clientSecretFile?: string; use?: boolean; verify?: boolean; caFile?: string; allowHttp?: boolean; insecureStorage?: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function profileAdd(flags: ProfileAddFlags, f: Factory, [name]: string[]): Promise<void> {
  if (!name || !NAME.test(name)) throw new UsageError(`profile name "${name ?? ''}" is invalid: use letters, digits, ".", "_" and "-", starting with a letter or digit`);
  const tokenWays = [(flags.token ?? f.globals.token) !== undefined, Boolean(flags.tokenStdin), flags.tokenFile !== undefined].filter(Boolean).length;
  const ccWays = [flags.clientSecret !== undefined, Boolean(flags.clientSecretStdin), flags.clientSecretFile !== undefined].filter(Boolean).length;
  if (tokenWays > 1 || ccWays > 1 || (tokenWays && (ccWays || flags.clientId))) {
    throw new UsageError('give one kind of credentials: --token / --token-stdin / --token-file, or --client-id with --client-secret / --client-secret-stdin / --client-secret-file');
  }
  if (ccWays && !flags.clientId) throw new UsageError('--client-secret needs --client-id');

  // Command-level --url shadows the global one of the same name.
  const urlFlag = flags.url ?? f.globals.url;
  const wantsClientCredentials = Boolean(flags.clientId);
  const [rawUrl] = await requireValues(f, [
    { flag: '--url', value: urlFlag, ask: () => f.prompter.input({ message: 'Space server URL', validate: nonEmpty('URL') }) },
  ] as const);
  // The token would travel in clear: only to this machine, or when asked for.
  const url = serverUrlFlag(rawUrl, { allowed: Boolean(flags.allowHttp), hint: 'Use https, or pass --allow-http if the connection is protected otherwise.' });

  // The CA is checked before anything else is asked for: a wrong path is a usage error, not a TLS failure.
  let caFile: string | undefined;
  if (flags.caFile !== undefined) {
    const { readCaFile, absoluteCaPath } = await import('../../config/ca.js');
    readCaFile(flags.caFile, '--ca-file');
    caFile = absoluteCaPath(flags.caFile);
  }
  const verifyCa = caFile ? { caFile, caLabel: '--ca-file' } : f.env.SPACECTL_CA_FILE ? { caFile: f.env.SPACECTL_CA_FILE, caLabel: 'SPACECTL_CA_FILE' } : undefined;

  let credentials: Credentials;
  if (wantsClientCredentials) {
    const secret = flags.clientSecretStdin ? await readStdin(f, '--client-secret-stdin')
      : flags.clientSecretFile !== undefined ? readSecretFile(flags.clientSecretFile, '--client-secret-file') : flags.clientSecret;
    const [clientSecret] = await requireValues(f, [
      { flag: '--client-secret or --client-secret-stdin', value: secret, ask: () => f.prompter.password({ message: 'Client secret', validate: nonEmpty('secret') }) },
    ] as const);
    credentials = { kind: 'client-credentials', clientId: flags.clientId!, clientSecret };
  } else {
    const t = flags.tokenStdin ? await readStdin(f, '--token-stdin')
      : flags.tokenFile !== undefined ? readSecretFile(flags.tokenFile, '--token-file') : (flags.token ?? f.globals.token);
    const [token] = await requireValues(f, [
      { flag: '--token, --token-stdin or --client-id with --client-secret', value: t, ask: () => f.prompter.password({ message: 'Token', validate: nonEmpty('token') }) },
    ] as const);
    credentials = { kind: 'token', token };
  }

  // Where the secret will go is decided (and a bad SPACECTL_KEYRING refused) before anything is sent.
  const { chooseStorage } = await import('../../config/keyring.js');
  const storageChoice = chooseStorage(flags, f.env);
  let who: string | undefined;
  if (flags.verify !== false) {
    const api = await f.client(url, credentials, verifyCa);
    who = await withSpinner(f.io, `Checking credentials against ${url}`, () => whoAmI(api, credentials.kind));
  }

  const store = await f.config();
  const profile: Profile = credentials.kind === 'token' ? { url, auth: 'token' } : { url, auth: 'client-credentials', clientId: credentials.clientId };
  if (caFile) profile.caFile = caFile;
  const secret: ProfileSecret = credentials.kind === 'token' ? { token: credentials.token } : { clientSecret: credentials.clientSecret };
  // The first profile becomes active; decided under the store's lock, so ten parallel adds agree on one.
  const saved = await store.saveSecurely(name, profile, secret, flags.use ? 'always' : 'if-none', storageChoice, f.env);
  const { existed, active, activated, storage, fallback } = saved;

  if (f.io.json) return printJson(f.io, { name, ...profile, verified: flags.verify !== false, identity: who, active, updated: existed, storage, ...(fallback ? { storageNote: fallback } : {}) });
  success(f.io, `${existed ? 'Updated' : 'Saved'} profile ${name} (${url}${who ? `, as ${who}` : ''})${activated || flags.use ? ', now active' : ''}`);
  storageNotice(f, { storage, fallback, account: store.keyringAccount(name), file: store.secretsPath });
  if (flags.verify === false) warn(f.io, 'Credentials were not verified (--no-verify).');
}
