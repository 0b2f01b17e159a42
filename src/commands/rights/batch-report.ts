// What the plain and the policy paths of `rights authorize` show the same way: context names and the
// JUnit test case of one app.
import type { JunitCase } from '../../io/junit.js';
import type { AppResult } from '../../services/rights/authorize.js';

export function contextName(context: string): string {
  return context === 'global' ? 'global' : context.replace(/^project:key:/, 'project ');
}

/** One test case per app: failed with the app's (or its contexts') errors, passed otherwise. */
export function junitCase(r: AppResult, output: string): JunitCase {
  return {
    name: `${r.app.name} (id:${r.app.id})`,
    outcome: r.status === 'failed' ? 'failed' : 'passed',
    ...(r.status === 'failed' ? { message: r.error ?? r.contexts.filter((x) => x.error).map((x) => `${contextName(x.context)}: ${x.error}`).join('; ') } : {}),
    output,
  };
}
