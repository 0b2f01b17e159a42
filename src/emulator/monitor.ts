// Observability and chaos for Space API requests: counters, a ring buffer of recent requests and
// injected faults. The control API (/__emulator) is deliberately not counted.
import type { EmulatorStats, FaultSpec, RecordedRequest } from './types.js';

const MAX_RECORDED = 10_000;
const WRITE_METHODS = new Set(['POST', 'PATCH', 'DELETE', 'PUT']);

interface ActiveFault extends FaultSpec { remaining: number; toSkip: number }

export class Monitor {
  private requests = 0;
  private writes = 0;
  private byMethod: Record<string, number> = {};
  private ring: RecordedRequest[] = [];
  private ringStart = 0; // index of the oldest entry once the ring is full
  private faults: ActiveFault[] = [];
  private fired = 0;

  count(method: string): void {
    this.requests++;
    this.byMethod[method] = (this.byMethod[method] ?? 0) + 1;
    if (WRITE_METHODS.has(method)) this.writes++;
  }

  stats(): EmulatorStats {
    return { requests: this.requests, byMethod: { ...this.byMethod }, writes: this.writes };
  }

  resetStats(): void {
    this.requests = 0;
    this.writes = 0;
    this.byMethod = {};
  }

  record(r: RecordedRequest): void {
    if (this.ring.length < MAX_RECORDED) this.ring.push(r);
    else {
      this.ring[this.ringStart] = r;
      this.ringStart = (this.ringStart + 1) % MAX_RECORDED;
    }
  }

  recorded(): RecordedRequest[] {
    return [...this.ring.slice(this.ringStart), ...this.ring.slice(0, this.ringStart)];
  }

  injectFault(f: FaultSpec): void {
    if (!Number.isInteger(f.count) || f.count < 1) throw new Error('fault count must be a positive integer');
    this.faults.push({ ...f, remaining: f.count, toSkip: f.skip ?? 0 });
  }

  /** Consumes one use of the first fault matching this request, if any. */
  takeFault(method: string, path: string): ActiveFault | undefined {
    const i = this.faults.findIndex((f) =>
      (!f.method || f.method.toUpperCase() === method) && (!f.pathPrefix || path.startsWith(f.pathPrefix)));
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    if (f.toSkip > 0) {
      f.toSkip--;
      return undefined;
    }
    if (--f.remaining <= 0) this.faults.splice(i, 1);
    this.fired++;
    return f;
  }

  /** Faults that hit a request so far, and those still waiting for one. */
  faultStats(): { fired: number; pending: number } {
    return { fired: this.fired, pending: this.faults.reduce((n, f) => n + f.remaining, 0) };
  }

  clearFaults(): void {
    this.faults = [];
  }
}
