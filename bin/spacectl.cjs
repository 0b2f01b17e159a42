#!/usr/bin/env node
'use strict';
// Kept tiny and CommonJS, so `--version` and help answer without even starting Node's ESM loader; every other
// command runs from one CommonJS bundle of the whole CLI (dist/spacectl.cjs, made by scripts/bundle.js).
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // fs.writeSync, not process.stdout: constructing the stdout stream (for a pipe, loading `net`) costs ~10 ms.
  writeStdout(require('node:fs'), `${require('../package.json').version}\n`);
} else if (!printHelp(argv)) {
  loadCli().main(argv).then((code) => { process.exitCode = code; });
}

/**
 * `spacectl`, `spacectl <group>` and `spacectl … --help`, printed from the help data the build read from the
 * command tree, by the formatter commander's help uses (src/help/fast.ts): the same text, without loading
 * commander or any ES module. Returns false for anything else, which then runs as usual.
 */
function printHelp(args) {
  const last = args[args.length - 1];
  // A cheap test first, so other commands never read the help data: nothing, one word, or a help flag last.
  if (!(args.length === 0 || last === '--help' || last === '-h' || (args.length === 1 && /^[a-z]/.test(last)))) return false;
  const fs = require('node:fs');
  const { helpFor, colorFor } = require('../dist/help.cjs');
  const tree = JSON.parse(fs.readFileSync(require('node:path').join(__dirname, '../dist/help.json'), 'utf8'));
  let tty;
  try {
    // A terminal is a character device; only then is node:tty (which loads net) worth loading to make sure.
    tty = fs.fstatSync(1).isCharacterDevice() && require('node:tty').isatty(1);
  } catch {
    return false; // no stdout at all: the CLI's own error handling deals with that
  }
  // Width and colour as main() gives them to commander: stdout's columns (80 when not a terminal), colour policy.
  const text = helpFor(args, tree, { width: (tty && process.stdout.columns) || 80, color: colorFor(tty, process.env, false) });
  if (text === undefined) return false;
  writeStdout(fs, text);
  return true;
}

/** All of `text` to stdout. A reader that went away is no error; any other failure is one line and exit 1. */
function writeStdout(fs, text) {
  const buf = Buffer.from(text);
  for (let off = 0; off < buf.length;) {
    try {
      off += fs.writeSync(1, buf, off);
    } catch (e) {
      if (e.code === 'EPIPE') return; // `spacectl --help | head -3`: the reader is gone, nothing to say
      if (e.code === 'EAGAIN') continue;
      try {
        fs.writeSync(2, `error: could not write to standard output (${e.code}: ${String(e.message).replace(/^\w+: /, '').replace(/, write$/, '')})\n`);
      } catch {
        // stderr is gone too: the exit status is all that is left
      }
      process.exitCode = 1;
      return;
    }
  }
}

/**
 * The CLI bundle, without parsing or compiling it at run time. Node ≥ 22.1 keeps V8's compiled code on disk
 * between runs (module.enableCompileCache; NODE_DISABLE_COMPILE_CACHE=1 turns it off), in the user's cache
 * directory, for the bundle and every package it loads. Node 20 has no such cache: there the bundle is loaded
 * with the compiled code the build made for it (src/vendor/cached-script.cjs), which V8 refuses, safely, under
 * another Node or other V8 flags: the bundle is then compiled from source as usual.
 */
function loadCli() {
  const { enableCompileCache: enable } = require('node:module');
  const bundle = require('node:path').join(__dirname, '../dist/spacectl.cjs');
  if (typeof enable !== 'function') return require('../dist/vendor/cached-script.cjs').load(bundle).exports;
  const env = process.env;
  const home = env.HOME || env.USERPROFILE;
  const base = env.XDG_CACHE_HOME
    || (process.platform === 'win32' ? env.LOCALAPPDATA : home && (process.platform === 'darwin' ? `${home}/Library/Caches` : `${home}/.cache`));
  if (base) enable(require('node:path').join(base, 'spacectl', 'compile-cache'));
  return require(bundle);
}
