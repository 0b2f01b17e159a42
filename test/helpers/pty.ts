// Runs a shell command line inside a real pseudo-terminal (util-linux `script`), so a test can give the CLI a
// terminal on one stream and a pipe or file on another (`… > out` inside the pty), as people do.
import { spawn, spawnSync } from 'node:child_process';

export const hasScript = spawnSync('script', ['--version']).status === 0;

export interface PtyResult { code: number | null; screen: string }

/**
 * `shell` runs under `sh -c` in the pty. `onScreen(screen)` may return keystrokes (sent once) or a signal name
 * to deliver to the pty's process group, e.g. to press Ctrl+C once something is shown.
 */
export function inPty(shell: string, env: Record<string, string | undefined>, onScreen?: (screen: string) => string | undefined, timeoutMs = 30_000): Promise<PtyResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', shell, '/dev/null'], { env: { ...env, TERM: 'xterm' } as NodeJS.ProcessEnv });
    let screen = '';
    let answered = false;
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out; screen so far:\n${screen.slice(-800)}`)); }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      if (screen.length > 200_000) child.kill('SIGKILL');
      const keys = answered || !onScreen ? undefined : onScreen(screen);
      if (keys !== undefined) {
        answered = true;
        child.stdin.write(keys);
      }
    });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, screen }); });
  });
}

/** Single-quote for sh. */
export const sh = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
