// The undici spacectl runs: the build-time bundle of just its Agent and request API (src/vendor/undici.cjs,
// built by scripts/bundle.js). Types come from the undici package itself, so callers are checked against it.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type * as Undici from 'undici';

interface Bundle {
  Agent: typeof Undici.Agent;
  request: typeof Undici.request;
  errors: typeof Undici.errors;
  version: string;
  verifiedVersion: string;
}

// Two levels up from both dist/api/ (the CLI) and src/api/ (tests run the sources), so both load the bundle.
const FILE = fileURLToPath(new URL('../../dist/vendor/undici.cjs', import.meta.url));

/** Whether V8 took the build's compiled code for the bundle ('none': loaded without it). A test checks it. */
export let codeCache: 'accepted' | 'rejected' | 'none' = 'none';

/**
 * Loads the bundle with the compiled code the build made for it (dist/vendor/cached-script.cjs; ~7 ms of CPU
 * saved per networked command on Node 20; V8 refuses it after a Node upgrade or under other V8 flags, and the
 * bundle is compiled from source as usual). Inside a vm sandbox (a test runner's), compiled code would run in
 * Node's main realm, so there it is required the ordinary way.
 */
function load(): Bundle {
  const req = createRequire(FILE);
  if (vm.runInThisContext('globalThis') !== globalThis) return req(FILE) as Bundle;
  const loaded = (req('./cached-script.cjs') as CachedScript).load(FILE, req);
  codeCache = loaded.cache;
  return loaded.exports as Bundle;
}

interface CachedScript { load(file: string, req: NodeJS.Require): { exports: unknown; cache: typeof codeCache } }

const bundle = load();
export const { Agent, request } = bundle;
export type Agent = Undici.Agent;
/** The undici version inside the bundle, and the one its deep imports were checked against (a test compares). */
export const { version: bundledUndiciVersion, verifiedVersion: verifiedUndiciVersion } = bundle;

const PROXY_FILE = fileURLToPath(new URL('../../dist/vendor/undici-proxy.cjs', import.meta.url));

/** undici's EnvHttpProxyAgent, from a bundle of its own that only runs behind a proxy load (src/vendor/undici-proxy.cjs). */
export function loadEnvHttpProxyAgent(): typeof Undici.EnvHttpProxyAgent {
  return (createRequire(PROXY_FILE)(PROXY_FILE) as { EnvHttpProxyAgent: typeof Undici.EnvHttpProxyAgent }).EnvHttpProxyAgent;
}
