// The OAuth flows of a Space application: names, the ES_App fields behind them, and what `flow list` shows.
// Pure (no I/O), so the planning rules are unit-tested without a server.
import type { App, UpdateAppBody } from '../../api/types.js';
import { parseRedirectUris } from '../../domain/redirect-uris.js';
import { UsageError } from '../../errors.js';

/** Flows an app can switch on or off. */
export const CONFIGURABLE_FLOWS = ['client-credentials', 'authorization-code', 'implicit'] as const;
export type ConfigurableFlow = (typeof CONFIGURABLE_FLOWS)[number];

/** Flows Space decides by itself (shown by `flow list`, refused by enable/disable). */
export const FIXED_FLOWS = ['resource-owner-password', 'refresh-token'] as const;
export type FlowName = ConfigurableFlow | (typeof FIXED_FLOWS)[number];

export const FLOW_DESCRIPTIONS: Record<ConfigurableFlow, string> = {
  'client-credentials': 'the app acts as itself (server-to-server)',
  'authorization-code': 'users log in through Space and the app acts on their behalf',
  implicit: 'browser-only apps get a token directly (legacy; prefer authorization-code with PKCE)',
};

const ALIASES: Record<string, ConfigurableFlow> = {
  'client-credentials': 'client-credentials',
  'authorization-code': 'authorization-code',
  code: 'authorization-code',
  implicit: 'implicit',
};

/** `<flow>` argument → flow; accepts `_` for `-` and `code` for authorization-code. */
export function parseFlow(input: string): ConfigurableFlow {
  const s = input.trim().toLowerCase().replace(/_/g, '-');
  // Own keys only: "constructor" is not a flow because every object has one.
  const flow = Object.hasOwn(ALIASES, s) ? ALIASES[s] : undefined;
  if (flow) return flow;
  if ((FIXED_FLOWS as readonly string[]).includes(s) || s === 'password') {
    throw new UsageError(`flow "${input}" cannot be switched: Space decides it (see \`spacectl flow list\`); choose one of ${CONFIGURABLE_FLOWS.join(', ')}`);
  }
  throw new UsageError(`unknown flow "${input}"; choose one of ${CONFIGURABLE_FLOWS.join(', ')}`);
}

/** The ES_App / PATCH fields of each switchable flow. */
export const FLOW_FIELDS = {
  'client-credentials': { enabled: 'clientCredentialsFlowEnabled' },
  'authorization-code': { enabled: 'codeFlowEnabled', redirectUris: 'codeFlowRedirectURIs' },
  implicit: { enabled: 'implicitFlowEnabled', redirectUris: 'implicitFlowRedirectURIs' },
} as const satisfies Record<ConfigurableFlow, { enabled: keyof UpdateAppBody & keyof App; redirectUris?: keyof UpdateAppBody & keyof App }>;

export const usesRedirectUris = (flow: ConfigurableFlow): flow is 'authorization-code' | 'implicit' => flow !== 'client-credentials';

export function isEnabled(app: App, flow: ConfigurableFlow): boolean {
  return app[FLOW_FIELDS[flow].enabled] === true;
}

export function redirectUrisOf(app: App, flow: ConfigurableFlow): string[] {
  return usesRedirectUris(flow) ? parseRedirectUris(app[FLOW_FIELDS[flow].redirectUris]) : [];
}

/** One row of `flow list --json`. `source`: setting = a field of the app; space = fixed by Space; derived = follows other flows. */
export interface FlowState {
  flow: FlowName;
  enabled: boolean;
  configurable: boolean;
  source: 'setting' | 'space' | 'derived';
  reason: string;
  redirectUris?: string[];
  pkceRequired?: boolean;
}

export function flowStates(app: App): FlowState[] {
  const setting = (flow: ConfigurableFlow): FlowState => {
    const enabled = isEnabled(app, flow);
    const field = FLOW_FIELDS[flow].enabled;
    const raw = app[field];
    return {
      flow,
      enabled,
      configurable: true,
      source: 'setting',
      reason: raw === null || raw === undefined ? `${field} is not set` : `${field} is ${String(raw)}`,
      ...(usesRedirectUris(flow) ? { redirectUris: redirectUrisOf(app, flow) } : {}),
      ...(flow === 'authorization-code' ? { pkceRequired: app.pkceRequired === true } : {}),
    };
  };
  const code = isEnabled(app, 'authorization-code');
  return [
    setting('client-credentials'),
    setting('authorization-code'),
    setting('implicit'),
    {
      flow: 'resource-owner-password',
      enabled: true,
      configurable: false,
      source: 'space',
      reason: 'always enabled in Space; there is no setting for it',
    },
    {
      flow: 'refresh-token',
      enabled: true,
      configurable: false,
      source: 'derived',
      reason: code
        ? 'on because the authorization-code and resource-owner-password flows are on'
        : 'on because the resource-owner-password flow is on (always, in Space)',
    },
  ];
}
