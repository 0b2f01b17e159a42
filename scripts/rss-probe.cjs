// Preloaded into the CLI process by the benchmark only (node --require): on exit, reports the process's own
// peak RSS and, when run with --expose-gc, its live heap after a full GC (what the process really retains,
// as opposed to the headroom V8 keeps). Written to stderr so the benchmark measures the CLI, not a wrapper.
process.on('exit', () => {
  let live = '';
  if (typeof global.gc === 'function') {
    global.gc();
    live = ` __bench_live_heap_kb=${Math.round(process.memoryUsage().heapUsed / 1024)}`;
  }
  process.stderr.write(`\n__bench_maxrss_kb=${process.resourceUsage().maxRSS}${live}\n`);
});
