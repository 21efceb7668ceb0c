// A realistic log for the scan benchmark: several formats interleaved (klog, JSON
// services, nginx access, Spring, logfmt, GitHub Actions with ANSI colours, Python),
// about 0.1% failure lines taken from the library's own examples, some benign lines
// that mention errors ("errors=0"), and an occasional stack trace.
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Every `examples.match` line of the built-in library (multi-line examples split). */
export function libraryFailureLines(signaturesDir) {
  const lines = [];
  // The library is in one folder per ecosystem: every YAML file below it.
  for (const file of readdirSync(signaturesDir, { recursive: true })
    .filter((f) => String(f).endsWith('.yaml'))
    .sort()) {
    const doc = parse(readFileSync(join(signaturesDir, String(file)), 'utf8'));
    for (const sig of Array.isArray(doc) ? doc : [doc]) for (const ex of sig.examples.match) lines.push(...ex.split('\n'));
  }
  return lines;
}

// A small fast PRNG: the corpus is the same on every run.
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export async function writeCorpus(path, bytes, failureLines, failureRate = 0.001) {
  const rnd = prng(20260615);
  const int = (n) => Math.floor(rnd() * n);
  const pick = (a) => a[int(a.length)];
  const hexChars = '0123456789abcdef';
  const hex = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += hexChars[int(16)];
    return s;
  };
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  const services = ['checkout', 'cart', 'payments-worker', 'orders', 'catalog', 'api-gateway'];
  const paths = ['/api/catalog?page=1', '/api/cart/c_d88535', '/api/orders', '/static/app.js', '/healthz', '/api/catalog/SKU-1001'];
  let sec = 0;
  const clock = () => {
    sec += rnd() * 0.05;
    const s = Math.floor(sec);
    return { h: pad(8 + (Math.floor(s / 3600) % 16)), m: pad(Math.floor(s / 60) % 60), s: pad(s % 60), f: pad(Math.floor((sec % 1) * 1e6), 6) };
  };
  const formats = [
    (t) =>
      `2026-06-15T${t.h}:${t.m}:${t.s}.${t.f}Z I0615 ${t.h}:${t.m}:${t.s}.${t.f}       1 controller.go:${int(400)}] "Reconciled object" key="shop/${pick(services)}-${hex(9)}-${hex(5)}" duration="${int(90)}.${int(9)}ms"`,
    (t) =>
      `2026-06-15T${t.h}:${t.m}:${t.s}.${t.f}Z {"level":"info","ts":"2026-06-15T${t.h}:${t.m}:${t.s}.${t.f.slice(0, 3)}Z","caller":"server/handler.go:88","msg":"request completed","method":"GET","path":"${pick(paths)}","status":200,"duration_ms":${int(300)},"trace_id":"${hex(32)}","span_id":"${hex(16)}"}`,
    (t) =>
      `10.244.${int(4)}.${int(250)} - - [15/Jun/2026:${t.h}:${t.m}:${t.s} +0000] "GET ${pick(paths)} HTTP/1.1" 200 ${int(90000)} "-" "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0"`,
    (t) =>
      `2026-06-15 ${t.h}:${t.m}:${t.s}.${t.f.slice(0, 3)}  INFO 1 --- [nio-8080-exec-${int(10)}] c.e.orders.OrderService                  : processed order ord_${hex(6)} in ${int(400)} ms`,
    (t) => `ts=2026-06-15T${t.h}:${t.m}:${t.s}.${t.f.slice(0, 3)}Z level=info msg="cart read" cart_id=c_${hex(6)} items=${int(9)} trace_id=${hex(32)}`,
    (t) => `2026-06-15T${t.h}:${t.m}:${t.s}.${t.f}0Z \u001b[36;1mnpm run build --workspace ${pick(services)}\u001b[0m`,
    (t) => `2026-06-15 ${t.h}:${t.m}:${t.s},${t.f.slice(0, 3)} INFO [worker-${int(8)}] tasks.settlement: settled batch ${int(99999)} (${int(500)} items)`,
    (t) => `ts=2026-06-15T${t.h}:${t.m}:${t.s}Z level=info msg="health check" component=${pick(services)} errors=0 latency_ms=${int(40)}`,
  ];
  const stack = [
    'java.lang.IllegalArgumentException: amount must be positive',
    '\tat com.example.payments.CardCharger.charge(CardCharger.java:88)',
    '\tat com.example.payments.PaymentConsumer.onMessage(PaymentConsumer.java:41)',
    '\tat java.base/java.lang.Thread.run(Thread.java:840)',
  ];
  const out = createWriteStream(path);
  let written = 0;
  let failures = 0;
  let lines = 0;
  let batch = [];
  let batchBytes = 0;
  while (written < bytes) {
    const t = clock();
    let line;
    const r = rnd();
    if (r < failureRate) {
      line = `2026-06-15T${t.h}:${t.m}:${t.s}.${t.f}Z ${pick(failureLines)}`;
      failures++;
    } else if (r < failureRate + 0.0002) {
      line = stack.join('\n');
    } else line = pick(formats)(t);
    batch.push(line);
    batchBytes += line.length + 1;
    lines += 1 + (line === stack.join('\n') ? stack.length - 1 : 0);
    if (batchBytes >= 1 << 22) {
      const chunk = `${batch.join('\n')}\n`;
      written += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await new Promise((r2) => out.once('drain', r2));
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length) {
    const chunk = `${batch.join('\n')}\n`;
    written += Buffer.byteLength(chunk);
    out.write(chunk);
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  return { bytes: written, lines, failures };
}
