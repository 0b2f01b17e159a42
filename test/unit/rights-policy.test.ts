// Approval policy matching (pure): globs, first match wins, contexts and apps, and what is refused.
import { decide, globProblem, globRegExp } from '../../src/services/rights/policy.js';
import { parsePolicy, PolicyError } from '../../src/services/rights/policy-load.js';

const policy = (yaml: string) => parsePolicy(yaml, 'p.yaml');
const subject = (code: string, context = 'global', app = 'bot', name?: string) => ({ code, context, app, name });

describe('approval policy', () => {
  test('* matches any run of characters, nothing else is special', () => {
    expect(globRegExp('*.Admin*').test('Project.Admin')).toBe(true);
    expect(globRegExp('*.Admin*').test('VcsRepository.Admin')).toBe(true);
    expect(globRegExp('*.Admin*').test('Superadmin')).toBe(false);
    expect(globRegExp('ci-*').test('ci-')).toBe(true);
    expect(globRegExp('a.b').test('axb')).toBe(false);
    expect(globProblem('Project.?')).toMatch(/only \* is a wildcard/);
    expect(globProblem('**')).toMatch(/"\*\*"/);
    expect(globProblem('Project.*')).toBeUndefined();
  });

  test('the first matching rule wins, by index; no match is undefined', () => {
    const p = policy('rules:\n  - action: reject\n    rights: ["*.Admin*"]\n  - action: approve\n    rights: ["Project.*"]\n');
    expect(decide(p, subject('Project.Admin', 'project:key:A'))).toEqual({ action: 'reject', rule: 0 });
    expect(decide(p, subject('Project.View', 'project:key:A'))).toEqual({ action: 'approve', rule: 1 });
    expect(decide(p, subject('Team.View'))).toBeUndefined();
  });

  test('rights by name or code, case-insensitively; name globs match the right name', () => {
    const p = policy('rules:\n  - action: approve\n    rights: ["view teams", "*issues*"]\n');
    expect(decide(p, subject('Team.View'))?.rule).toBe(0);
    expect(decide(p, subject('Project.Issues.Edit', 'project:key:A'))?.rule).toBe(0); // code matches
    expect(decide(p, subject('Profile.View'))).toBeUndefined();
  });

  test('contexts: global, project:KEY globs (either form), *; apps: case-sensitive name globs', () => {
    const p = policy('rules:\n  - action: approve\n    rights: [Project.View]\n    contexts: ["project:web-*", global]\n    apps: ["ci-*"]\n');
    expect(decide(p, subject('Project.View', 'project:key:WEB-SITE', 'ci-1'))?.rule).toBe(0);
    expect(decide(p, subject('Project.View', 'global', 'ci-1'))?.rule).toBe(0);
    expect(decide(p, subject('Project.View', 'project:key:BACKEND', 'ci-1'))).toBeUndefined();
    expect(decide(p, subject('Project.View', 'global', 'CI-1'))).toBeUndefined();
    const any = policy('rules:\n  - action: reject\n    rights: [Project.View]\n    contexts: ["*"]\n');
    expect(decide(any, subject('Project.View', 'project:key:X'))?.action).toBe('reject');
    const full = policy('rules:\n  - action: reject\n    rights: [Project.View]\n    contexts: ["project:key:X"]\n');
    expect(decide(full, subject('Project.View', 'project:key:X'))?.action).toBe('reject');
  });

  test('every problem is reported at once, each with file:line:col', () => {
    try {
      policy('rules:\n  - action: approve\n    rights: [Nope.Right, "a?"]\n    apps: ["x[1]"]\n');
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      expect((e as PolicyError).problems).toEqual([
        expect.stringMatching(/^p\.yaml:3:14: rules\[0\]\.rights\[0\]: unknown right "Nope\.Right"/),
        expect.stringMatching(/^p\.yaml:3:26: rules\[0\]\.rights\[1\]: .*only \* is a wildcard/),
        expect.stringMatching(/^p\.yaml:4:12: rules\[0\]\.apps\[0\]: .*only \* is a wildcard/),
      ]);
    }
  });
});
