// The prompt for a missing --app; resolving the reference is src/services/apps/ref.ts.
import type { Factory } from '../../factory.js';
import { nonEmpty } from './inputs.js';

export const askApp = (f: Factory) => () => f.prompter.input({ message: 'Application (name, id:… or clientId:…)', validate: nonEmpty('application') });
