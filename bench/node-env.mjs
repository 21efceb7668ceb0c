// Imported first by the benchmarks that start Node processes. Node 20 reads NODE_EXTRA_CA_CERTS
// at process start, before any script runs: with a whole CA bundle there (as some sandboxes and
// corporate machines set), `node -e 0` spends most of its start parsing certificates (on the
// development machine 83% of its instructions under callgrind, ~40–60 ms), which inflates every
// floor measured against bare node and hides what the tool itself costs. Every process a benchmark
// starts therefore runs without it; BENCH_KEEP_EXTRA_CA=1 keeps it, for figures comparable with a
// machine that sets it.
export const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
export const keptExtraCa = Boolean(extraCaCerts) && process.env.BENCH_KEEP_EXTRA_CA === '1';
if (extraCaCerts && !keptExtraCa) delete process.env.NODE_EXTRA_CA_CERTS;

/** One line for a benchmark's header: which start-up the floors and the tool paid. */
export const nodeEnvNote = !extraCaCerts
  ? 'NODE_EXTRA_CA_CERTS not set'
  : keptExtraCa
    ? `NODE_EXTRA_CA_CERTS kept (${extraCaCerts}): every Node process, the floors included, parses it at start`
    : 'NODE_EXTRA_CA_CERTS unset for every process started (BENCH_KEEP_EXTRA_CA=1 keeps it)';

console.log(`node start-up: ${nodeEnvNote}`);
