'use strict';
// Run by scripts/bundle.js in a clean child process (same Node as the build): loads dist/vendor/undici.cjs the
// way src/api/undici.ts does and writes V8's compiled code for it to undici.cjs.v8cache, so a networked command
// skips parsing and compiling the bundle. The bundle's own V8 flag change is held back here: V8 accepts cached
// code only under the flags it was made with, and at run time the bundle is compiled before that change.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');

const file = process.argv[2];
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`, { filename: file });
const real = createRequire(file);
const req = (id) => (id === 'node:v8' ? { setFlagsFromString() {} } : real(id));
const m = { exports: {} };
script.runInThisContext()(m.exports, req, m, file, path.dirname(file));
fs.writeFileSync(`${file}.v8cache`, script.createCachedData());
