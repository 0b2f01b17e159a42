// Everything a command needs, built lazily and at most once per run (gh's Factory).
import type { Dispatcher } from 'undici';
import type { SpaceClient, Transport } from './api/client.js';
import type { ConfigStore } from './config/store.js';
import type { Credentials, Resolved } from './config/resolve.js';
import type { IO } from './io/io.js';
import type { Prompter } from './io/prompter.js';
import type { Journal } from './services/journal.js';

export type Env = Record<string, string | undefined>;

export interface Globals {
  json: boolean;
  color: boolean;
  input: boolean;
  verbose: boolean;
  profile?: string;
  url?: string;
  token?: string;
  /** --journal <file>: the audit journal (else SPACECTL_JOURNAL; none when neither is set). */
  journal?: string;
  /** The command being run, e.g. `rights authorize` (recorded in the journal). */
  command?: string;
  /** The command's --dry-run: the API client then refuses every write. */
  dryRun?: boolean;
}

export interface Factory {
  io: IO;
  env: Env;
  globals: Globals;
  /** Scripted in tests; inquirer (loaded on first prompt) otherwise. */
  prompter: Prompter;
  /** Profiles store in SPACECTL_CONFIG_DIR (or ~/.config/spacectl); created on first use. */
  config(): Promise<ConfigStore>;
  /** Server URL and credentials with their sources (flag > env > profile). */
  resolved(): Promise<Resolved>;
  /** The API client for the resolved server; one per run. */
  api(): Promise<SpaceClient>;
  /**
   * A client for other credentials (e.g. `profile add` verifying new ones), on the same keep-alive pool, or on
   * a pool of its own that also trusts `ca` (a PEM file's path; `caLabel` names its source in errors).
   * `profile` names the profile in the audit journal.
   */
  client(serverUrl: string, credentials: Credentials, tls?: { caFile: string; caLabel: string }, profile?: string): Promise<SpaceClient>;
  /** A bare transport (timeouts, retries, the debug log) on the pool `client` would use, for calls made before there are credentials (a login's code exchange). */
  transport(serverUrl: string, tls?: { caFile: string; caLabel: string }): Promise<Transport>;
  /**
   * A connection pool of the caller's own for `serverUrl` (same CA and proxy as `client` would use), which the
   * caller destroys: for a time-boxed lookup that must leave nothing in flight (completion).
   */
  ownPool(serverUrl: string, tls: { caFile: string; caLabel: string } | undefined, connectTimeoutMs: number): Promise<Dispatcher>;
  /** Closes the connection pool, if one was opened (idle keep-alive sockets would hold the process open). */
  close(): Promise<void>;
  /**
   * The audit journal of the main API client, or undefined when none is configured (--journal,
   * SPACECTL_JOURNAL). Every write the client sends is recorded already; `record()` adds other events.
   */
  journal(): Promise<Journal | undefined>;
  /** Debug logger (stderr under --verbose or SPACECTL_DEBUG=1); lines are already redacted. */
  debug?: (line: string) => void;
}

export interface FactoryDeps {
  io: IO;
  env: Env;
  globals: Globals;
  prompter?: Prompter;
  dispatcher?: Dispatcher;
  version?: string;
}

export function createFactory(d: FactoryDeps): Factory {
  let config: Promise<ConfigStore> | undefined;
  let resolved: Promise<Resolved> | undefined;
  let api: Promise<SpaceClient> | undefined;
  let agent: Dispatcher | undefined;
  const caAgents = new Map<string, Dispatcher>();
  let prompter = d.prompter;
  const journals: Journal[] = [];
  let mainJournal: Journal | undefined;
  const journalPath = d.globals.journal ?? (d.env.SPACECTL_JOURNAL || undefined);
  const verbose = d.globals.verbose || d.env.SPACECTL_DEBUG === '1';
  // The client loads the registry before it logs anything, so the import is settled by the first line.
  let scrub = (l: string) => l;
  const debug = verbose ? (line: string) => void d.io.err.write(`[debug] ${scrub(line)}\n`) : undefined;

  /**
   * The keep-alive pool for a server: the shared one, or one of its own that also trusts a private CA or goes
   * through the proxy the environment names for that server (src/config/proxy.ts).
   */
  const dispatcherFor = async (serverUrl: string, tls?: { caFile: string; caLabel: string }, own?: { connectTimeoutMs: number }): Promise<{ dispatcher: Dispatcher; proxy?: string }> => {
    const { createAgent } = await import('./api/client.js');
    const { proxyFor } = await import('./config/proxy.js');
    const proxy = proxyFor(serverUrl, d.env);
    if (proxy) (await import('./api/redact.js')).registerSecret(...proxy.secrets);
    if (!tls && !proxy && !own) return { dispatcher: d.dispatcher ?? (agent ??= createAgent()) };
    let pem: string | undefined;
    if (tls) {
      const { readCaFile } = await import('./config/ca.js');
      pem = readCaFile(tls.caFile, tls.caLabel);
    }
    const ca = pem === undefined ? undefined : (await import('./config/ca.js')).trustedCas(pem);
    if (own) return { dispatcher: createAgent({ ca, proxy, connectTimeoutMs: own.connectTimeoutMs }), proxy: proxy?.shown };
    const key = JSON.stringify([pem, proxy?.httpProxy, proxy?.httpsProxy, proxy?.noProxy]);
    let a = caAgents.get(key);
    if (!a) {
      a = createAgent({ ca, proxy });
      caAgents.set(key, a);
    }
    return { dispatcher: a, proxy: proxy?.shown };
  };

  const f: Factory = {
    io: d.io,
    env: d.env,
    globals: d.globals,
    debug,
    get prompter(): Prompter {
      // The real prompter is a thin shim; @inquirer/prompts itself loads on the first prompt.
      return (prompter ??= lazyPrompter(d.io));
    },
    config: () =>
      (config ??= (async () => {
        const { ConfigStore, configDir } = await import('./config/store.js');
        return new ConfigStore(configDir(d.env));
      })()),
    resolved: () =>
      (resolved ??= (async () => {
        const { resolveCredentials } = await import('./config/resolve.js');
        return resolveCredentials(d.globals, d.env, f.config);
      })()),
    api: () =>
      (api ??= (async () => {
        const r = await f.resolved();
        const ca = r.caFile && { caFile: r.caFile.value, caLabel: r.caFile.detail ?? r.caFile.source };
        const client = await f.client(r.url.value, r.credentials.value, ca || undefined, r.profile?.value);
        mainJournal = journals.at(-1);
        return client;
      })()),
    async journal() {
      if (!journalPath) return undefined;
      await f.api();
      return mainJournal;
    },
    async client(serverUrl, credentials, tls, profile) {
      // One after the other: build.js imports client.js, and jest's ESM loader fails on a module reached by two
      // concurrent dynamic imports ("not in cache"). The second is already loaded, so this costs nothing.
      const { buildClient } = await import('./api/build.js');
      const { setUserAgentVersion, normalizeServerUrl } = await import('./api/client.js');
      scrub = (await import('./api/redact.js')).scrubKnown;
      const { activityFor } = await import('./io/spinner.js');
      const { dispatcher, proxy } = await dispatcherFor(serverUrl, tls);
      setUserAgentVersion(d.version ?? '0');
      let onWrite: Parameters<typeof buildClient>[2]['onWrite'];
      if (journalPath) {
        // The one hook of the audit journal: every write this client sends, whichever command sends it.
        const { openJournal, writeRecord, identityOf } = await import('./services/journal.js');
        const { createHash } = await import('node:crypto');
        const server = normalizeServerUrl(serverUrl);
        const identity = identityOf(credentials, (s) => createHash('sha256').update(s).digest('hex'));
        const journal = openJournal(journalPath, { server, identity, command: d.globals.command ?? '', profile });
        journals.push(journal);
        const apiBase = new URL(`${server}/api/http/`);
        onWrite = (e) => {
          const rec = writeRecord({ ...e, apiBase });
          if (rec) journal.record(rec);
        };
      }
      const { retryPolicyFromEnv } = await import('./api/retry.js');
      // A browser login's refreshed tokens go back where the profile keeps its secret.
      const onRefresh = credentials.kind === 'oauth' && profile
        ? async (t: { accessToken: string; refreshToken?: string; expiresAt: number }) => (await f.config()).replaceSecret(profile, { ...t }, d.env)
        : undefined;
      return buildClient(serverUrl, credentials, { dispatcher, log: debug, timeoutMs: await timeoutFromEnv(d.env), retry: retryPolicyFromEnv(d.env), onWrite, readOnly: d.globals.dryRun, onRefresh,
        signal: d.io.signal, onRequest: activityFor(d.io).begin, proxy });
    },
    async ownPool(serverUrl, tls, connectTimeoutMs) {
      return (await dispatcherFor(serverUrl, tls, { connectTimeoutMs })).dispatcher;
    },
    async transport(serverUrl, tls) {
      const { Transport } = await import('./api/client.js');
      const { retryPolicyFromEnv } = await import('./api/retry.js');
      const { dispatcher, proxy } = await dispatcherFor(serverUrl, tls);
      return new Transport({ dispatcher, proxy, log: debug, timeoutMs: await timeoutFromEnv(d.env), retry: retryPolicyFromEnv(d.env) });
    },
    async close() {
      for (const j of journals.splice(0)) j.close();
      const all = [agent, ...caAgents.values()];
      agent = undefined;
      caAgents.clear();
      await Promise.all(all.map((a) => a?.close()));
    },
  };
  return f;
}

async function timeoutFromEnv(env: Env): Promise<number | undefined> {
  const { envWholeNumber } = await import('./config/env-settings.js');
  return envWholeNumber(env, 'SPACECTL_TIMEOUT_MS', { min: 1, max: 3_600_000, unit: 'milliseconds', example: 60000 });
}

function lazyPrompter(io: IO): Prompter {
  let real: Promise<Prompter> | undefined;
  const get = () => (real ??= import('./io/prompter.js').then((m) => m.inquirerPrompter(io)));
  return {
    input: async (o) => (await get()).input(o),
    password: async (o) => (await get()).password(o),
    confirm: async (o) => (await get()).confirm(o),
    select: async (o) => (await get()).select(o),
    checkbox: async (o) => (await get()).checkbox(o),
  };
}
