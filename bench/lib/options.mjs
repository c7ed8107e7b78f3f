// The command line of bench/run.mjs, the case selection (--only) and the timing schedule.

export const USAGE =
  'usage: node bench/run.mjs [--sizes 10,16,20,24] [--quick] [--only <substring>]...\n' +
  '  case ids: single/<law>/<contender>/2^<e> (contenders include native and copy), threads/<law>/t<threads>/2^<e>,\n' +
  '  resnet/<contender>,' +
  ' rss/<mode>/<law>, coldstart; e.g. --only tfjs, --only single/normal/, --only 2^24, --only resnet';

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
 * How each case is timed (bench/lib/timing.mjs): `rounds` clean paired rounds, each sample about
 * `sampleMs` long (one call where a call takes longer), after a warm-up of `warmupMs` and at
 * least two calls per body.
 */
export function schedule(quick) {
  return quick ? { rounds: 3, sampleMs: 10, warmupMs: 20 } : { rounds: 9, sampleMs: 50, warmupMs: 200 };
}
