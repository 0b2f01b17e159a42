'use strict';
// undici's EnvHttpProxyAgent (HTTP_PROXY, HTTPS_PROXY, NO_PROXY), bundled apart from dist/vendor/undici.cjs by
// scripts/bundle.js: only a run whose environment names a proxy loads it, so every other run starts as before.
// It is a dispatcher like the Agent, handed to the main bundle's request(); its own copy of undici's core is
// the price of keeping the proxy layers out of the bundle every networked command loads.
const Dispatcher = require('undici/lib/dispatcher/dispatcher.js');
// The proxy opens its tunnels with `client.connect()`, a method undici's index.js adds to every dispatcher;
// this bundle does not load index.js (the whole library), so it adds that one method itself.
Dispatcher.prototype.connect = require('undici/lib/api/api-connect.js');
module.exports = { EnvHttpProxyAgent: require('undici/lib/dispatcher/env-http-proxy-agent.js') };
