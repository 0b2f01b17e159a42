// Prompts behind an interface so tests can script answers; inquirer loads only when a prompt is shown.
import { CancelledError } from '../errors.js';
import type { IO } from './io.js';

export interface Choice<T> { name: string; value: T; description?: string }
export interface Prompter {
  input(o: { message: string; default?: string; validate?: (v: string) => true | string }): Promise<string>;
  password(o: { message: string; validate?: (v: string) => true | string }): Promise<string>;
  confirm(o: { message: string; default?: boolean }): Promise<boolean>;
  select<T>(o: { message: string; choices: Choice<T>[] }): Promise<T>;
  /** Tick any number of choices (space), confirm with enter; none ticked is a valid answer. */
  checkbox<T>(o: { message: string; choices: Array<Choice<T> & { checked?: boolean }> }): Promise<T[]>;
}

export function inquirerPrompter(io: IO): Prompter {
  const ctx = { input: io.in, output: io.err } as never; // prompts render on stderr, keeping stdout for data
  const load = () => import('@inquirer/prompts');
  const guard = async <T>(p: () => Promise<T>): Promise<T> => {
    try {
      return await p();
    } catch (e) {
      if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError')) throw new CancelledError();
      throw e;
    }
  };
  return {
    input: (o) => guard(async () => (await load()).input(o, ctx)),
    password: (o) => guard(async () => (await load()).password({ ...o, mask: '*' }, ctx)),
    confirm: (o) => guard(async () => (await load()).confirm(o, ctx)),
    select: <T>(o: { message: string; choices: Choice<T>[] }) => guard(async () => (await load()).select<T>(o, ctx)),
    checkbox: <T>(o: { message: string; choices: Array<Choice<T> & { checked?: boolean }> }) => guard(async () => (await load()).checkbox<T>(o, ctx)),
  };
}
