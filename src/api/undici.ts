// The undici spacectl runs: the build-time bundle of just its Agent and request API (src/vendor/undici.cjs,
// built by scripts/bundle.js). Types come from the undici package itself, so callers are checked against it.
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

interface Bundle {
  Agent: typeof Undici.Agent;
  request: typeof Undici.request;
  errors: typeof Undici.errors;
  version: string;
  verifiedVersion: string;
}

// Two levels up from both dist/api/ (the CLI) and src/api/ (tests run the sources), so both load the bundle.
const bundle = createRequire(import.meta.url)('../../dist/vendor/undici.cjs') as Bundle;

export const { Agent, request } = bundle;
export type Agent = Undici.Agent;
/** The undici version inside the bundle, and the one its deep imports were checked against (a test compares). */
export const { version: bundledUndiciVersion, verifiedVersion: verifiedUndiciVersion } = bundle;
