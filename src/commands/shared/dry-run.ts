// --dry-run on every command that writes: the command takes its normal path, but the operations its planners
// produce are collected instead of sent (services/ops.ts) and printed as the exact requests, with the exit
// code `plan` uses: 0 nothing would change, 3 changes pending.
import type { SpaceClient } from '../../api/client.js';
import type { AppIdentifier } from '../../api/ids.js';
import { ExitCode } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printJson, printLine } from '../../io/output.js';
import { appSummary, type AppSummary } from '../../services/apps/ref.js';
import { describeOp, recordOpsInstead, type ApiOp } from '../../services/ops.js';

export interface DryRun {
  /** Operations collected so far, with the app they were for. */
  readonly ops: Array<{ op: ApiOp; app: AppIdentifier | undefined }>;
  /** Adds operations a command planned itself (before its own executeOps call). */
  add(ops: ApiOp[], app: AppIdentifier | undefined): void;
  /** Prints what would be sent and returns the exit code. */
  report(app?: AppSummary): number;
}

/** Undefined unless the command runs with --dry-run; then the client's operations are collected, not sent. */
export function dryRunOf(f: Factory, api: SpaceClient): DryRun | undefined {
  if (!f.globals.dryRun) return undefined;
  const ops: DryRun['ops'] = [];
  recordOpsInstead(api, (op, app) => void ops.push({ op, app }));
  return {
    ops,
    add: (list, app) => void ops.push(...list.map((op) => ({ op, app }))),
    report: (app) => dryRunReport(f, ops.map((o) => describeOp(o.op, o.app)), app),
  };
}

export function dryRunReport(f: Factory, requests: string[], app?: AppSummary): number {
  if (f.io.json) {
    printJson(f.io, { dryRun: true, ...(app ? { app: appSummary(app) } : {}), changed: requests.length > 0, operations: requests });
  } else if (!requests.length) {
    info(f.io, `Dry run: nothing to change${app ? ` for ${app.name}` : ''}; no request would be sent.`);
  } else {
    info(f.io, `Dry run: ${requests.length === 1 ? 'this request' : `these ${requests.length} requests`} would be sent${app ? ` for ${app.name} (id:${app.id})` : ''}; nothing was sent:`);
    for (const r of requests) printLine(f.io, r);
  }
  return requests.length ? ExitCode.ChangesPending : ExitCode.Ok;
}
