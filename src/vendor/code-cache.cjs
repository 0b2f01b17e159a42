'use strict';
// Run by scripts/bundle.js in a clean child process (same Node as the build): loads a bundle the way the CLI
// does (cached-script.cjs), runs it, and writes V8's compiled code for it to <file>.v8cache, so a run skips
// parsing and compiling it. Arguments after the file are commands (JSON argv arrays) run through the bundle's
// main() first, so the cache also holds the functions those commands call, not only the top level.
// The undici bundle's V8 flag change is held back here: V8 accepts cached code only under the flags it was
// made with, and at run time every bundle is compiled before that change (src/vendor/undici.cjs).
require('node:v8').setFlagsFromString = () => undefined;
const fs = require('node:fs');
const { compile, run } = require('./cached-script.cjs');

const [file, ...commands] = process.argv.slice(2);
const script = compile(file);
const bundle = run(script, file);
(async () => {
  for (const argv of commands) {
    const code = await bundle.main(JSON.parse(argv));
    if (code !== 0) throw new Error(`code cache: spacectl ${JSON.parse(argv).join(' ')} exited ${code}`);
  }
  fs.writeFileSync(`${file}.v8cache`, script.createCachedData());
})();
