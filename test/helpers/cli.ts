// Two ways to run the CLI in tests: in-process main() with captured streams (fast, injectable prompter),
// and a real child process of bin/spacectl.cjs (what users and CI run).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/main.js';
import { makeIO } from '../../src/io/io.js';
import type { Prompter } from '../../src/io/prompter.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/spacectl.cjs');

export interface RunResult { code: number; stdout: string; stderr: string }

export function tmpDir(prefix = 'spacectl-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A base environment with nothing inherited that could change behaviour (CI, SPACE_*, colours). */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  // SPACECTL_KEYRING=0: profiles keep secrets in the 0600 file, whatever keyring this machine has; the keyring
  // tests (test/e2e/keyring.test.ts) turn it on against a Secret Service of their own.
  return { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', SPACECTL_KEYRING: '0', ...extra };
}

export async function runCli(argv: string[], o: { env?: Record<string, string | undefined>; tty?: boolean; prompter?: Prompter; stdin?: string } = {}): Promise<RunResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const tty = o.tty ?? false;
  const env = o.env ?? cleanEnv();
  const io = makeIO({ in: Readable.from(o.stdin === undefined ? [] : [o.stdin]), out, err, stdinTTY: tty, stdoutTTY: tty, stderrTTY: false }, env);
  const code = await main(argv, { io, env, prompter: o.prompter });
  return { code, stdout, stderr };
}

export function spawnCli(argv: string[], o: { env?: Record<string, string | undefined>; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { env: (o.env ?? cleanEnv()) as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(o.input ?? '');
  });
}

/** Answers prompts in order; fails the test on a prompt it did not expect. */
export function scriptedPrompter(answers: Array<string | boolean | string[]>): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = (message: string) => {
    asked.push(message);
    if (!answers.length) throw new Error(`unexpected prompt: ${message}`);
    return answers.shift()!;
  };
  return {
    asked,
    input: async (o) => String(next(o.message)),
    password: async (o) => String(next(o.message)),
    confirm: async (o) => Boolean(next(o.message)),
    select: async <T>(o: { message: string; choices: Array<{ value: T }> }) => {
      const a = next(o.message);
      const c = o.choices.find((x) => String(x.value) === String(a));
      if (!c) throw new Error(`no choice ${String(a)} for ${o.message}`);
      return c.value;
    },
    checkbox: async <T>(o: { message: string; choices: Array<{ value: T }> }) => {
      const a = next(o.message);
      const picked = Array.isArray(a) ? a : [];
      for (const v of picked) if (!o.choices.some((x) => String(x.value) === v)) throw new Error(`no choice ${v} for ${o.message}`);
      return o.choices.filter((x) => picked.includes(String(x.value))).map((x) => x.value);
    },
  };
}
