// Interactive fallbacks for a missing `<flow>` or redirect URI (requireValues decides whether to prompt).
import { validateRedirectUri } from '../../domain/redirect-uris.js';
import type { Factory } from '../../factory.js';
import { CONFIGURABLE_FLOWS, FLOW_DESCRIPTIONS, type ConfigurableFlow } from '../../services/flows/flows.js';


export const askFlow = (f: Factory, verb: string) => () =>
  f.prompter.select<string>({
    message: `Flow to ${verb}`,
    choices: CONFIGURABLE_FLOWS.map((flow: ConfigurableFlow) => ({ name: flow, value: flow, description: FLOW_DESCRIPTIONS[flow] })),
  });

export const askRedirectUri = (f: Factory, flow: ConfigurableFlow, allowHttp: boolean) => () =>
  f.prompter.input({
    message: `Redirect URI for the ${flow} flow`,
    validate: (v) => {
      try {
        validateRedirectUri(v, { allowHttp });
        return true;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
