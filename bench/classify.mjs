// npm run bench:classify — how well `triage scan` names real failures and keeps healthy
// text quiet, on the corpus (fixtures/corpus): the dev half and the held-out half apart.
// Every record is one input of the built CLI (`triage scan --each --format json`: the
// same scan and ranking as `triage scan FILE`), so the figures are what a user gets.
// Each figure is given for the signatures alone and with the fallback tier, which ranks
// below every signature hypothesis: dropping its hypotheses gives the signature-only result.
//
// `--misses` lists the misses of every dev set (id, expected, got, first line) for people writing
// signatures. The held-out half is only ever reported as aggregates: no record, id or miss
// of it is printed, whatever the options.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importEngine } from '../scripts/engine-import.mjs';

const root = new URL('..', import.meta.url).pathname;
const showMisses = process.argv.includes('--misses');
// dev-extra*: later gatherings from new repositories; each is measured once blind, then is dev
// (README of the corpus). `--only NAME` measures one set (a blind run of a new gathering).
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const EXTRA = readdirSync(join(root, 'fixtures/corpus'))
  .filter((f) => /^dev-extra[0-9]*\.jsonl$/.test(f))
  .map((f) => f.replace(/\.jsonl$/, ''))
  .sort();
const HALVES = ['dev', ...EXTRA, 'heldout'].filter((h) => !only || h === only);
const DEV_HALVES = HALVES.filter((h) => h !== 'heldout');

const dir = mkdtempSync(join(tmpdir(), 'triage-bench-classify-'));
const cleanup = () => rmSync(dir, { recursive: true, force: true });
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

// A private copy of the built CLI, with its own signature cache.
const app = join(dir, 'app');
for (const part of ['bin', 'dist', 'signatures', 'package.json']) cpSync(join(root, part), join(app, part), { recursive: true });
const env = { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') };

function readHalf(name) {
  return readFileSync(join(root, 'fixtures/corpus', `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/** Every record scanned as its own input by one run of the CLI; the hypotheses of each, in order. */
function scanRecords(name, records) {
  const into = join(dir, name);
  mkdirSync(into);
  // Files are named by position: nothing of a record but its text reaches the CLI.
  const paths = records.map((r, i) => {
    const path = join(into, `${i}.log`);
    writeFileSync(path, `${r.text}\n`);
    return path;
  });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(app, 'bin/triage.js'), 'scan', '--each', '--format', 'json', ...paths], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env,
    cwd: dir,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`triage scan exited ${r.status} on the ${name} half${name === 'dev' ? `: ${r.stderr.slice(0, 500)}` : ''}`);
  const byPath = new Map(
    r.stdout
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => [JSON.parse(l).input, JSON.parse(l).hypotheses]),
  );
  if (byPath.size !== records.length) throw new Error(`the ${name} half: ${records.length} records, ${byPath.size} results`);
  return { hypotheses: paths.map((p) => byPath.get(p)), seconds };
}

/** The figures for one half, with the hypotheses a tier filter keeps. */
function figures(records, hypothesesOf, keep) {
  const failures = [];
  let healthy = 0;
  let flagged = 0;
  records.forEach((r, i) => {
    const hypotheses = hypothesesOf[i].filter(keep);
    if (r.kind === 'healthy') {
      healthy++;
      if (hypotheses.length) flagged++;
      return;
    }
    failures.push({ record: r, buckets: hypotheses.map((h) => h.bucket), top: hypotheses[0] });
  });
  const share = (n, of) => (of ? n / of : 0);
  const top1 = failures.filter((f) => f.buckets[0] === f.record.bucket).length;
  const top3 = failures.filter((f) => f.buckets.slice(0, 3).includes(f.record.bucket)).length;
  const none = failures.filter((f) => f.buckets.length === 0).length;
  const perBucket = new Map();
  for (const f of failures) {
    const b = perBucket.get(f.record.bucket) ?? { n: 0, right: 0 };
    b.n++;
    if (f.buckets[0] === f.record.bucket) b.right++;
    perBucket.set(f.record.bucket, b);
  }
  return {
    failures,
    healthy,
    n: failures.length,
    top1: share(top1, failures.length),
    top3: share(top3, failures.length),
    none: share(none, failures.length),
    flagged: share(flagged, healthy),
    perBucket,
  };
}

const pct = (x) => `${(x * 100).toFixed(1)}%`.padStart(6);
const signatureOnly = (h) => h.tier === 'signature';
const everyTier = () => true;

console.log('triage scan on the corpus (fixtures/corpus): each record one input of the built CLI');
const results = {};
for (const name of HALVES) {
  const records = readHalf(name);
  const { hypotheses, seconds } = scanRecords(name, records);
  const withFallback = figures(records, hypotheses, everyTier);
  const signaturesAlone = figures(records, hypotheses, signatureOnly);
  const flaggedHealthy = records.flatMap((r, i) => (r.kind === 'healthy' && hypotheses[i].length ? [{ record: r, top: hypotheses[i][0] }] : []));
  results[name] = { withFallback, signaturesAlone, flaggedHealthy };
  const answeredByFallback = withFallback.failures.filter((f, i) => f.top && signaturesAlone.failures[i].buckets.length === 0);
  const fallbackRight = answeredByFallback.filter((f) => f.buckets[0] === f.record.bucket).length;

  console.log(`\n${name}: ${withFallback.n} failures, ${withFallback.healthy} healthy texts (scanned in ${seconds.toFixed(1)} s)`);
  console.log('                     top-1   top-3   no hypothesis   healthy flagged');
  for (const [label, f] of [
    ['signatures alone', signaturesAlone],
    ['with the fallback', withFallback],
  ]) {
    console.log(`  ${label.padEnd(18)} ${pct(f.top1)}  ${pct(f.top3)}  ${pct(f.none).padStart(13)}  ${pct(f.flagged).padStart(15)}`);
  }
  console.log(`  the fallback tier alone answered ${answeredByFallback.length} failure(s) no signature named; its first guess was right for ${fallbackRight}`);
  console.log('  per bucket, top-1 (signatures alone → with the fallback):');
  for (const [bucket, b] of [...withFallback.perBucket].sort((x, y) => x[0].localeCompare(y[0]))) {
    const alone = signaturesAlone.perBucket.get(bucket);
    console.log(`    ${bucket.padEnd(24)} ${String(b.n).padStart(3)}  ${pct(alone.right / alone.n)} → ${pct(b.right / b.n)}`);
  }
}

if (showMisses) {
  // Dev only: the held-out half is never listed.
  const misses = DEV_HALVES.flatMap((h) => results[h].withFallback.failures).filter((f) => f.buckets[0] !== f.record.bucket);
  console.log(`\ndev misses (${misses.length}): id, expected, got (tier, confidence), first line`);
  for (const f of misses) {
    const got = f.top ? `${f.top.bucket} (${f.top.tier}${f.top.confidence !== null ? ` ${f.top.confidence.toFixed(2)}` : ''})` : 'nothing';
    console.log(`  ${f.record.id}  ${f.record.bucket} → ${got}  ${f.record.text.split('\n')[0].trim().slice(0, 140)}`);
  }
  // Healthy texts that got a hypothesis, with the tier that flagged them: a signature too
  // broad, or the fallback's gate letting an INFO line through.
  const flagged = DEV_HALVES.flatMap((h) => results[h].flaggedHealthy);
  console.log(`\ndev healthy texts flagged (${flagged.length}): id, tier, bucket, first line`);
  for (const { record, top } of flagged) {
    console.log(
      `  ${record.id}  ${top.tier}${top.tier === 'signature' ? ` ${top.signatures?.[0]?.id ?? ''}` : ` ${top.confidence?.toFixed(2)}`} → ${top.bucket}  ${record.text.split('\n')[0].trim().slice(0, 120)}`,
    );
  }
}

// The classifier's own speed, from the engine's source: training on the built-in
// library's lines, on 2,000 lines, and classifying one line.
const { loadLibrary, trainingLines, readCorpus, trainClassifier, Classifier } = await importEngine({
  'src/signatures/load': ['loadLibrary'],
  'src/signatures/fallback': ['trainingLines', 'readCorpus'],
  'src/signatures/classifier': ['trainClassifier', 'Classifier'],
});
const lines = trainingLines(loadLibrary([join(root, 'signatures')]).signatures, readCorpus(pathToFileURL(join(root, 'fixtures/corpus/'))));
const many = Array.from({ length: 2000 }, (_, i) => {
  const l = lines[i % lines.length];
  return { ...l, text: `${l.text} ${i}`, group: `${l.group}-${Math.floor(i / lines.length)}` };
});
const best = (f, runs = 5) => {
  let ms = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    f();
    ms = Math.min(ms, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms;
};
const trainLibrary = best(() => trainClassifier(lines));
const train2000 = best(() => trainClassifier(many));
const classifier = new Classifier(trainClassifier(lines));
const sample = readHalf('dev').map((r) => r.text.split('\n')[0]);
const perLine = best(() => sample.forEach((t) => classifier.classify(t))) / sample.length;
console.log(
  `\nclassifier: trains on the library's and the dev corpus's ${lines.length} lines in ${trainLibrary.toFixed(0)} ms, on 2,000 lines in ${train2000.toFixed(0)} ms; classifies a line in ${(perLine * 1000).toFixed(0)} µs (best of 5)`,
);
cleanup();
