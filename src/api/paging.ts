// What keeps a paged listing finite, for the client's pager and `spacectl api --paginate` alike: an item listed
// again is skipped (an offset-paged list shifts when an item is created before the cursor while it is read),
// but a page of nothing but items already listed, a cursor that returns to an earlier page, or more than
// MAX_PAGES pages is a server going round in circles: an error, never an endless loop.

/** 1,000,000 items at the default page size: far beyond any organization, and a bound on a server that never stops. */
export const MAX_PAGES = 10_000;

export class PagingGuard {
  private readonly cursors = new Set<string>();
  private readonly ids = new Set<string>();
  private pages = 1;

  /** `fail` turns a problem ("next "3" returns to an earlier page") into the caller's error. */
  constructor(private readonly fail: (problem: string) => Error) {}

  /**
   * The items of this page not listed before (items without a string `id` always count as new). `last`: the
   * listing ends with this page, so a page of repeats is only the shift's tail, not a circle.
   */
  fresh<T>(data: readonly T[], last: boolean): T[] {
    const out = data.filter((d) => {
      const id = (d as { id?: unknown } | null)?.id;
      if (typeof id !== 'string') return true;
      if (this.ids.has(id)) return false;
      this.ids.add(id);
      return true;
    });
    if (!last && data.length > 0 && out.length === 0) throw this.fail(`page ${this.pages} holds only items already listed`);
    return out;
  }

  /** Before following `next` from the page read at `skip`. */
  advance(skip: string | null | undefined, next: string): void {
    if (this.cursors.has(next)) throw this.fail(`next "${next}" returns to an earlier page`);
    if (++this.pages > MAX_PAGES) throw this.fail(`more than ${MAX_PAGES} pages`);
    if (skip !== undefined && skip !== null) this.cursors.add(skip);
    this.cursors.add(next);
  }
}
