// npm run bench:classify-cv — how the fallback tier does on failures no signature knows,
// measured on dev data only (the library's examples, dev.jsonl, dev-extra*.jsonl), by
// k-fold cross-validation: the fallback model of each fold is trained without the fold.
// The held-out half (heldout.jsonl) is never read here.
//
// Three views, each deterministic (folds by a digest of a fixed name, no randomness):
//   examples   the signatures' match examples, folds grouped by signature file: a file's
//              signatures are left out of training together, so near-duplicate siblings
//              cannot leak; the fallback alone classifies every example of the fold.
//   unknown    the dev corpus, folds grouped by repository: every signature that matches
//              a record of the fold, or was written from it (its refs name the record's
//              source, or an example repeats one of its lines), is left out of training,
//              and the signature tier is off: what the fallback says about a failure no
//              signature knows. Healthy records of the fold give its false-positive rate.
//   unwritten  the dev corpus again, as if the library had been written without the fold:
//              the signatures written from the fold's records are left out of both the
//              library and the model, and the whole ranking runs (signatures, then the
//              fallback). Closest to a blind set; how ranking changes are judged.
// Every record goes through the same path as `triage scan FILE`: scanPaths, redaction,
// rankHypotheses. The corpus lines the shipped model learns from (fallback.ts TRAINING_SETS)
// are learned from the other folds only. `--quick` runs 3 folds instead of 5.
// `--by-set` folds by dev set instead (leave one set out: each gathering in turn is the fold,
// the closest proxy for a new set of real text); the examples view is then skipped.
// `--misses` lists the unknown view's misses, `--misses-unwritten` the unwritten view's;
// `CV_DUMP=file` writes every record's result (JSON Lines) for comparing two runs.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importEngine } from '../scripts/engine-import.mjs';

const root = new URL('..', import.meta.url).pathname;
const BY_SET = process.argv.includes('--by-set');
const K = process.argv.includes('--quick') ? 3 : 5;
const E = await importEngine({
  'src/signatures/load': ['loadLibrary'],
  'src/signatures/fallback': ['trainingLines', 'corpusTrainingLines', 'TRAINING_SETS'],
  'src/signatures/fallback-guess': ['guessText'],
  'src/signatures/classifier': ['trainClassifier', 'Classifier'],
  'src/signatures/scan': ['prepareLibrary', 'scanPaths', 'redactScanResult'],
  'src/signatures/hypotheses': ['rankHypotheses'],
  'src/redact/redact': ['redactorFor'],
});

const dir = mkdtempSync(join(tmpdir(), 'triage-bench-cv-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const fold = (name) => createHash('sha256').update(`triage-cv/${name}`).digest().readUInt32BE(0) % K;
const { signatures } = E.loadLibrary([join(root, 'signatures')]);
const DEV = readdirSync(join(root, 'fixtures/corpus'))
  .filter((f) => /^dev(-extra[0-9]*)?\.jsonl$/.test(f))
  .sort();
const records = DEV.flatMap((f) =>
  readFileSync(join(root, 'fixtures/corpus', f), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => ({ ...JSON.parse(l), set: f.replace(/\.jsonl$/, '') })),
);
const SETS = [...new Set(records.map((r) => r.set))];
const FOLDS = BY_SET ? SETS.length : K;
const recordFold = (r) => (BY_SET ? SETS.indexOf(r.set) : fold(r.repo ?? r.id));
// What the shipped model learns from besides the library; each fold's model learns from the other folds of it.
const learnable = records.filter((r) => E.TRAINING_SETS.includes(r.set));
const redactText = E.redactorFor();

const pct = (x) => `${(x * 100).toFixed(1)}%`.padStart(6);
const modelOf = (sigs, corpus = []) => new E.Classifier(E.trainClassifier(E.trainingLines(sigs, corpus)));
const t0 = process.hrtime.bigint();

// --- examples: the fallback alone on the match examples of signature files it never saw.
if (!BY_SET) {
  let n = 0;
  let top1 = 0;
  let top3 = 0;
  for (let k = 0; k < K; k++) {
    const classifier = modelOf(signatures.filter((s) => fold(s.file) !== k));
    for (const sig of signatures.filter((s) => fold(s.file) === k)) {
      for (const example of sig.examples.match) {
        const buckets = E.guessText(classifier, example.split('\n'), 3, 0).map((g) => g.bucket);
        n++;
        if (buckets[0] === sig.bucket) top1++;
        if (buckets.includes(sig.bucket)) top3++;
      }
    }
  }
  console.log(`examples: ${n} match examples of ${signatures.length} signatures, ${K} folds by signature file (fallback alone, ungated, no corpus lines)`);
  console.log(`  top-1 ${pct(top1 / n)}  top-3 ${pct(top3 / n)}`);
}

// --- the corpus views.
const norm = (s) => s.trim().replace(/\s+/g, ' ').toLowerCase();
const exampleLines = new Map();
for (const s of signatures) {
  for (const e of s.examples.match) {
    for (const l of e.split('\n')) {
      const key = norm(l);
      if (key.length < 16) continue;
      const ids = exampleLines.get(key) ?? new Set();
      ids.add(s.id);
      exampleLines.set(key, ids);
    }
  }
}
/** Signatures written from a record: its source among their refs, or one of its lines among their examples. */
function writtenFrom(record) {
  const ids = new Set(signatures.filter((s) => (s.refs ?? []).some((r) => r.includes(record.source))).map((s) => s.id));
  for (const l of record.text.split('\n')) for (const id of exampleLines.get(norm(l)) ?? []) ids.add(id);
  return ids;
}

let fileNo = 0;
async function rank(library, record) {
  const path = join(dir, `${fileNo++}.log`);
  writeFileSync(path, `${record.text}\n`);
  const result = E.redactScanResult(await E.scanPaths(library, [path], { cwd: dir, parallel: false }), redactText);
  return E.rankHypotheses(result, library);
}

function score(label, rows) {
  const failures = rows.filter((r) => r.record.kind === 'failure');
  const healthy = rows.filter((r) => r.record.kind === 'healthy');
  const share = (pred, of) => (of.length ? of.filter(pred).length / of.length : 0);
  const line = (name, keep) => {
    const b = (r) => r.hypotheses.filter(keep).map((h) => h.bucket);
    console.log(
      `  ${name.padEnd(18)} ${pct(share((r) => b(r)[0] === r.record.bucket, failures))}  ${pct(share((r) => b(r).slice(0, 3).includes(r.record.bucket), failures))}  ${pct(share((r) => b(r).length === 0, failures)).padStart(13)}  ${pct(share((r) => b(r).length > 0, healthy)).padStart(15)}`,
    );
  };
  console.log(
    `${label}: ${failures.length} failures, ${healthy.length} healthy texts (${DEV.join(', ')}), ${BY_SET ? `${FOLDS} folds by set` : `${K} folds by repository`}`,
  );
  console.log('                     top-1   top-3   no hypothesis   healthy flagged');
  if (rows.some((r) => r.hypotheses.some((h) => h.tier === 'signature'))) line('signatures alone', (h) => h.tier === 'signature');
  line(rows.some((r) => r.hypotheses.some((h) => h.tier === 'signature')) ? 'with the fallback' : 'fallback alone', () => true);
  const perBucket = new Map();
  for (const r of failures) {
    const b = perBucket.get(r.record.bucket) ?? { n: 0, right: 0 };
    b.n++;
    if (r.hypotheses[0]?.bucket === r.record.bucket) b.right++;
    perBucket.set(r.record.bucket, b);
  }
  if (BY_SET)
    for (const set of SETS) {
      const f = failures.filter((r) => r.record.set === set);
      const h = healthy.filter((r) => r.record.set === set);
      const b = (r) => r.hypotheses.map((x) => x.bucket);
      console.log(
        `    ${set.padEnd(24)} ${String(f.length).padStart(3)}  ${pct(share((r) => b(r)[0] === r.record.bucket, f))}  ${pct(share((r) => b(r).slice(0, 3).includes(r.record.bucket), f))}  ${pct(share((r) => b(r).length === 0, f)).padStart(13)}  ${pct(share((r) => b(r).length > 0, h)).padStart(15)}`,
      );
    }
  if (process.argv.includes('--per-bucket'))
    for (const [bucket, b] of [...perBucket].sort()) console.log(`    ${bucket.padEnd(24)} ${String(b.n).padStart(3)}  ${pct(b.right / b.n)}`);
}

const full = E.prepareLibrary(signatures);
const unknown = [];
const unwritten = [];
for (let k = 0; k < FOLDS; k++) {
  const inFold = records.filter((r) => recordFold(r) === k);
  const known = new Set();
  const written = new Set();
  for (const r of inFold) {
    for (const id of writtenFrom(r)) [known, written].forEach((s) => s.add(id));
    const result = await E.scanPaths(
      full,
      [
        (() => {
          const path = join(dir, `${fileNo++}.log`);
          writeFileSync(path, `${r.text}\n`);
          return path;
        })(),
      ],
      { cwd: dir, parallel: false },
    );
    for (const id of Object.keys(result.counts)) known.add(id);
  }
  const corpus = E.corpusTrainingLines(learnable.filter((r) => recordFold(r) !== k));
  const blind = modelOf(
    signatures.filter((s) => !known.has(s.id)),
    corpus,
  );
  const none = { ...E.prepareLibrary([]), classifier: () => blind };
  for (const r of inFold) unknown.push({ record: r, hypotheses: await rank(none, r) });
  const rest = signatures.filter((s) => !written.has(s.id));
  const withoutFold = E.prepareLibrary(rest);
  const restModel = modelOf(rest, corpus);
  const library = { ...withoutFold, classifier: () => restModel };
  for (const r of inFold) unwritten.push({ record: r, hypotheses: await rank(library, r) });
}
console.log('');
score('unknown (signatures off, fallback trained without what matches the fold)', unknown);
console.log('');
score('unwritten (library and model without the signatures written from the fold)', unwritten);
console.log(`\n(${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s)`);
if (process.env.CV_DUMP) {
  const got = (r) => r.hypotheses.map((h) => [h.bucket, h.tier, h.confidence ?? h.score]);
  const rows = [...unknown.map((r) => ['unknown', r]), ...unwritten.map((r) => ['unwritten', r])].map(([view, r]) =>
    JSON.stringify({ view, id: r.record.id, set: r.record.set, kind: r.record.kind, bucket: r.record.bucket, got: got(r) }),
  );
  writeFileSync(process.env.CV_DUMP, `${rows.join('\n')}\n`);
}
for (const [flag, view, rows] of [
  ['--misses', 'unknown', unknown],
  ['--misses-unwritten', 'unwritten', unwritten],
]) {
  if (!process.argv.includes(flag)) continue;
  console.log(`\n${view} view misses (dev only): id, expected → got, first line`);
  for (const r of rows.filter((r) => r.record.kind === 'failure' && r.hypotheses[0]?.bucket !== r.record.bucket)) {
    const got = r.hypotheses.map((h) => `${h.bucket}${h.confidence !== undefined ? ` ${h.confidence}` : ''}`).join(' | ') || 'nothing';
    console.log(
      `  ${r.record.id}  ${r.record.bucket} → ${got}\n      ${r.record.text
        .split('\n')
        .find((l) => l.trim())
        .trim()
        .slice(0, 160)}`,
    );
  }
}
