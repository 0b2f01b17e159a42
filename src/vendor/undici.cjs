'use strict';
// The part of undici spacectl uses: the keep-alive Agent and the request API. scripts/bundle.js bundles this
// file with the pinned undici into dist/vendor/undici.cjs, so a networked command loads one file instead of
// undici's public entry, which pulls in its whole tree (112 files: fetch, cookies, WebSocket, cache, mocks)
// and, through the web layer reading globalThis.Headers & co., Node's own bundled copy of undici as well.
// test/unit/undici-bundle.test.ts fails when the installed undici is not the version this was verified with.
const Agent = require('undici/lib/dispatcher/agent.js');
const apiRequest = require('undici/lib/api/api-request.js');
const util = require('undici/lib/core/util.js');
const errors = require('undici/lib/core/errors.js');
// The undici version whose internal layout (the lib/ paths above and the two seams in scripts/bundle.js) was
// checked for this bundle. package.json pins it; a test fails if the installed version differs. To move on:
// bump both, re-check the paths and seams, run the tests (test/e2e/startup-modules.test.ts).
const verifiedVersion = '7.30.2';
/* global UNDICI_VERSION */
const version = UNDICI_VERSION; // the bundled undici's version, set by scripts/bundle.js

/**
 * undici's `request(url, options)` (its index.js `makeDispatcher(api.request)`), except that the dispatcher is
 * required: there is no global dispatcher here, so nothing creates a pool behind the caller's back.
 */
function request(url, opts) {
  if (!opts || typeof opts !== 'object') throw new errors.InvalidArgumentError('invalid opts');
  if (!opts.dispatcher) throw new errors.InvalidArgumentError('opts.dispatcher is required');
  const u = util.parseURL(url);
  return apiRequest.call(opts.dispatcher, {
    ...opts,
    origin: u.origin,
    path: u.search ? `${u.pathname}${u.search}` : u.pathname,
    method: opts.method || (opts.body ? 'PUT' : 'GET'),
  });
}

/*
 * undici parses HTTP with llhttp compiled to WebAssembly, and V8 then re-compiles it with TurboFan on a background
 * thread, which Node waits for before exiting: measured +110 ms of CPU and twice the wall time of `app list`
 * (still so with this bundle), and CPU taken from the requests on a 2-core machine. Baseline (Liftoff) code
 * parses a CLI's responses just as well (3,000 loopback requests measured 37% faster). So V8 is told to stay on
 * Liftoff, here: only processes that load this bundle, i.e. that are about to talk HTTP, pay for it, and only
 * now, once the built-ins undici needs are loaded — changing a V8 flag makes Node compile any built-in loaded
 * afterwards without its code cache (setting it at start-up measured 65 ms slower), and the first connection,
 * which compiles llhttp, comes later. Where Node caches compiled code on disk (Node ≥ 22.10), what was compiled
 * so far is written first, under the flags it was compiled with.
 */
require('node:module').flushCompileCache?.();
require('node:v8').setFlagsFromString('--liftoff-only');

module.exports = { Agent, request, errors, version, verifiedVersion };
