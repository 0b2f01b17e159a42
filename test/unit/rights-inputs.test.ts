import { ExitCode, UsageError, exitCodeFor } from '../../src/errors.js';

const exitOf = (fn: () => unknown): number => {
  try {
    fn();
  } catch (e) {
    return exitCodeFor(e);
  }
  return ExitCode.Ok;
};
import { checkProjectLevel, parsePositive, projectKeys, requestContexts, resolveRightInputs } from '../../src/services/rights/inputs.js';

describe('rights command inputs', () => {
  test('rights by code or name; unknown ones are one usage error with suggestions', () => {
    expect(resolveRightInputs(['Project.Issues.View', 'view issues']).map((r) => r.code)).toEqual(['Project.Issues.View']);
    expect(exitOf(() => resolveRightInputs(['Project.Isues.View']))).toBe(ExitCode.Usage);
    expect(() => resolveRightInputs(['Project.Isues.View'])).toThrow(/did you mean Project\.Issues\.View/);
  });

  test('a global-only right with --project is a usage error naming it', () => {
    const rights = resolveRightInputs(['Team.View', 'Project.Issues.View']);
    expect(() => checkProjectLevel(rights, [])).not.toThrow();
    expect(() => checkProjectLevel(rights, ['BACKEND'])).toThrow(/Team\.View/);
    expect(() => checkProjectLevel(rights, ['BACKEND'])).not.toThrow(/Project\.Issues\.View/);
  });

  test('contexts: global by default, projects with --project, both with --global --project', () => {
    expect(requestContexts(false, [])).toEqual([{ kind: 'global' }]);
    expect(requestContexts(false, ['BACKEND'])).toEqual([{ kind: 'project', key: 'BACKEND' }]);
    expect(requestContexts(true, ['BACKEND'])).toHaveLength(2);
    expect(projectKeys(['backend', 'key:BACKEND', 'WEB'])).toEqual(['BACKEND', 'WEB']);
    expect(() => projectKeys(['no spaces'])).toThrow(UsageError);
  });

  test('numbers: --concurrency is a whole number from 1 to 64', () => {
    expect(parsePositive(undefined, '--concurrency', 8, { integer: true, max: 64 })).toBe(8);
    expect(parsePositive('64', '--concurrency', 8, { integer: true, max: 64 })).toBe(64);
    for (const bad of ['0', '65', '2.5', 'x', '', '-1']) expect(() => parsePositive(bad, '--concurrency', 8, { integer: true, max: 64 })).toThrow(/--concurrency/);
    expect(parsePositive('0.5', '--interval', 5)).toBe(0.5);
  });
});
