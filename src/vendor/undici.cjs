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

module.exports = { Agent, request, errors, version, verifiedVersion };
