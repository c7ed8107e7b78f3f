// The command line of bench/run.mjs, the case selection (--only) and the tinybench budgets.

export const USAGE =
  'usage: node bench/run.mjs [--sizes 10,16,20,24] [--quick] [--only <substring>]...\n' +
  '  case ids: single/<law>/<contender>/2^<e>, threads/<law>/t<threads>/2^<e>, resnet/<contender>,\n' +
  '  rss/<mode>/<law>, coldstart; e.g. --only tfjs, --only single/normal/, --only 2^24, --only resnet';

/** Prints `bench: <message>` and exits with status 1. */
export function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

/** { sizes: exponents of 2, ascending; quick; only: substrings of case ids }. */
export function parseOptions(argv) {
  const options = { sizes: [10, 16, 20, 24], quick: false, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--sizes' || arg.startsWith('--sizes=')) {
      const value = arg === '--sizes' ? argv[++i] : arg.slice('--sizes='.length);
      if (value === undefined) fail('--sizes needs a comma-separated list of exponents, e.g. --sizes 10,16,20,24');
      options.sizes = value.split(',').map((s) => {
        const e = Number(s.trim());
        if (!Number.isInteger(e) || e < 1 || e > 26) fail(`--sizes: exponents must be integers in [1, 26]; got ${s}`);
        return e;
      });
    } else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) fail('--only needs a substring of a case id, e.g. --only tfjs');
      options.only.push(value);
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown argument ${arg}\n${USAGE}`);
  }
  options.sizes = [...new Set(options.sizes)].sort((a, b) => a - b);
  return options;
}

/** Whether a case id is selected by --only (every case when no --only is given). */
export const selector = (only) => (id) => only.length === 0 || only.some((s) => id.includes(s));

/**
 * tinybench budget for one case of 2^e elements. tinybench runs a case until both `time` (ms)
 * and `iterations` are reached; warm-up likewise with warmupTime and warmupIterations. Small sizes
 * get short budgets (thousands of calls anyway); at 2^24 the slowest contenders (tfjs truncated
 * normal, stdlib normal: ~0.6-0.8 s per call) get 1 warm-up and exactly 3 timed calls.
 */
export function budget(e, quick) {
  if (quick) {
    if (e > 20) return { time: 0, iterations: 2, warmupTime: 0, warmupIterations: 1 };
    if (e > 16) return { time: 0, iterations: 3, warmupTime: 0, warmupIterations: 1 };
    return { time: 50, iterations: 3, warmupTime: 10, warmupIterations: 2 };
  }
  if (e > 20) return { time: 1500, iterations: 3, warmupTime: 0, warmupIterations: 1 };
  if (e > 16) return { time: 1500, iterations: 16, warmupTime: 300, warmupIterations: 4 };
  if (e > 10) return { time: 500, iterations: 16, warmupTime: 100, warmupIterations: 4 };
  return { time: 300, iterations: 16, warmupTime: 50, warmupIterations: 8 };
}
