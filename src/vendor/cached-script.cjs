'use strict';
// Loads a CommonJS bundle as Node's loader would, but hands V8 the compiled code the build made for it
// (`<file>.v8cache`, by scripts/code-cache.cjs through `compile`/`run` below), so a run skips parsing and
// compiling it. Node 20 has no module.enableCompileCache; this is its build-time equivalent for our bundles.
// V8 itself refuses the cache when it does not fit (another V8 version, other V8 flags, a different source
// length): the file is then compiled from source as usual. scripts/bundle.js deletes every cache before it
// writes a bundle, so a cache never outlives the bundle it was made for. Copied to dist/vendor/ by the build.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');

/** The same wrapper Node's CommonJS loader uses; maker and loader must compile the identical text. */
function compile(file, cachedData) {
  return new vm.Script(`(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`, { filename: file, cachedData });
}

function run(script, file, req = createRequire(file)) {
  const m = { exports: {} };
  script.runInThisContext()(m.exports, req, m, file, path.dirname(file));
  return m.exports;
}

/** → { exports, cache: 'accepted' | 'rejected' | 'none' } ('none': no cache file, compiled from source). */
function load(file, req) {
  let cachedData;
  try {
    cachedData = fs.readFileSync(`${file}.v8cache`);
  } catch {
    cachedData = undefined;
  }
  const script = compile(file, cachedData);
  const cache = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  return { exports: run(script, file, req), cache };
}

module.exports = { compile, run, load };
