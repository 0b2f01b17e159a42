// Reading an approval policy file (YAML or JSON): parse → JSON Schema (schema/spacectl-policy.schema.json) →
// compile (globs, rights, contexts). Every problem is reported as `file:line:col: path: message`, before
// anything is read from the server — the same reporting as manifests.
import { readInputFile, readYaml } from '../../manifest/yaml.js';
import { UsageError } from '../../errors.js';
import { schemaProblem, schemaValidator } from '../../manifest/load.js';
import { Locator, formatPath } from '../../manifest/locate.js';
import { compilePolicy, type Policy, type PolicyDoc } from './policy.js';

export const POLICY_SCHEMA_URL = new URL('../../../schema/spacectl-policy.schema.json', import.meta.url);

/** An invalid policy: exit 2, one line per problem. */
export class PolicyError extends UsageError {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file} is not a valid approval policy (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${problems.join('\n')}`,
      'The format is described by schema/spacectl-policy.schema.json and in the README ("Admin\'s desk").');
  }
}

export function loadPolicy(file: string, flag = '--policy'): Policy {
  return parsePolicy(readInputFile(file, flag), file);
}

export function parsePolicy(text: string, file: string): Policy {
  const { doc, lines, data } = readYaml(text, file, (problems) => new PolicyError(file, problems));
  const loc = new Locator(file, doc, lines);
  const validate = schemaValidator(POLICY_SCHEMA_URL);
  if (!validate(data)) throw new PolicyError(file, [...new Set((validate.errors ?? []).map((e) => schemaProblem(loc, e)).filter(Boolean))]);
  const problems: string[] = [];
  const policy = compilePolicy(data as PolicyDoc, file, (p, message) => problems.push(`${loc.at(p)}: ${formatPath(p)}: ${message}`));
  if (problems.length) throw new PolicyError(file, problems);
  return policy;
}
