import { DomainError } from '../../src/domain/errors.js';

/** Runs fn, which must throw a one-line DomainError, and returns it for further assertions. */
export function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as Error).message).not.toContain('\n');
    return e as DomainError;
  }
  throw new Error('expected a DomainError');
}
