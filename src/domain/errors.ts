/**
 * A problem with user input (a key, a right, a URI, ...). The CLI maps it to a usage error (exit 2).
 * `message` is one line naming the offending value and what would be valid; `hint` is optional extra advice.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
