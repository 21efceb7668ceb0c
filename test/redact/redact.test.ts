import { describe, expect, it } from 'vitest';
import { jsonLineRedactor, redact, redactorFor, rulesFromPlan } from '../../src/redact/redact';
import { stripControls } from '../../src/redact/terminal-text';
import { InputError } from '../../src/errors';
import { cleanLines, keptValues, leakedSecrets, secretKinds, secretLines } from './corpus';

describe('redact over the secrets corpus', () => {
  it('holds at least 60 kinds of secret', () => {
    expect(secretKinds.length).toBeGreaterThanOrEqual(60);
  });

  it.each(secretKinds.map((k) => [k.kind, k] as const))('removes %s and names the rule', (_kind, k) => {
    const out = redact(k.text);
    expect(out).not.toContain(k.secret);
    expect(out).toContain(`[REDACTED:${k.rule}]`);
  });

  it('is idempotent: redacting its own output changes nothing', () => {
    for (const k of secretKinds) {
      const once = redact(k.text);
      expect(redact(once), k.kind).toBe(once);
    }
    const all = secretKinds.map((k) => k.text).join('\n');
    expect(redact(redact(all))).toBe(redact(all));
  });

  it('finds every secret when all kinds sit in one text', () => {
    expect(leakedSecrets(redact(secretKinds.map((k) => k.text).join('\n')))).toEqual([]);
  });

  it('touches at most 1% of ordinary log lines', () => {
    const touched = cleanLines.filter((line) => redact(line) !== line);
    expect(cleanLines.length).toBeGreaterThanOrEqual(400);
    expect(touched.length / cleanLines.length, touched.slice(0, 5).join('\n')).toBeLessThanOrEqual(0.01);
  });

  it.each(keptValues.map((k) => [k.what, k] as const))('keeps a %s as it is', (_what, k) => {
    expect(redact(k.text)).toBe(k.text);
    expect(
      redact(
        secretKinds
          .map((s) => s.text)
          .concat(k.text)
          .join('\n'),
      ),
    ).toContain(k.value);
  });

  it('redacts a long text line by line as it redacts each line alone (rules whose hint the text lacks are skipped)', () => {
    // Each kind among ordinary lines, and all of them together: long enough to be taken line by line.
    const oneLine = secretKinds.filter((k) => !k.text.includes('\n'));
    const texts = [...oneLine.map((k) => [...cleanLines.slice(0, 60), k.text].join('\n')), [...cleanLines, ...oneLine.map((k) => k.text)].join('\n')];
    for (const text of texts) {
      expect(text.length).toBeGreaterThan(2048);
      const alone = text.split('\n').map((line) => redact(line));
      expect(redact(text).split('\n')).toEqual(alone);
    }
  });

  it('finds a token right after an escaped newline or a colour code', () => {
    const secret = secretKinds.find((k) => k.kind === 'github-token-ghp')!.secret;
    expect(redact(JSON.stringify({ text: `line one\n${secret}` }))).not.toContain(secret);
    expect(redact(`\x1b[31m${secret}\x1b[39m`)).toBe('\x1b[31m[REDACTED:github-token]\x1b[39m');
  });

  it('judges a key and value inside a longer value on their own (env: DD_API_KEY=…)', () => {
    expect(redact('agent env: DD_API_KEY=0b8ede51738951ea117f3527e16fb500 DD_SITE=datadoghq.eu')).toBe(
      'agent env: DD_API_KEY=[REDACTED:high-entropy-secret] DD_SITE=datadoghq.eu',
    );
  });

  it('keeps what surrounds a secret readable', () => {
    expect(redact('connecting to postgres://app:pa55w0rd-xyz@db:5432/orders')).toBe('connecting to postgres://app:[REDACTED:url-credentials]@db:5432/orders');
    expect(redact('DB_PASSWORD=hunter2 psql')).toBe('DB_PASSWORD=[REDACTED:password] psql');
  });
});

describe('journal lines', () => {
  it('stay valid JSON and lose secrets that follow an escaped newline', () => {
    const secret = secretKinds.find((k) => k.kind === 'github-token-ghp')!.secret;
    const line = JSON.stringify({ type: 'check.finished', text: `first line\n${secret}\n"quoted" \\ end` });
    const out = jsonLineRedactor()(line);
    const parsed = JSON.parse(out) as { text: string };
    expect(parsed.text).toBe('first line\n[REDACTED:github-token]\n"quoted" \\ end');
  });
});

describe('JSON redacted as text (a stream of output written whole)', () => {
  it('stays valid JSON when a header value ends right before an escaped quote', () => {
    const json = JSON.stringify({ next: 'curl -H "Authorization: Bearer abcdef123456" https://api.example.com/user' }, null, 2);
    const out = redact(json);
    expect(out).not.toContain('abcdef123456');
    expect(JSON.parse(out)).toEqual({ next: 'curl -H "Authorization: Bearer [REDACTED:authorization-header]" https://api.example.com/user' });
  });

  it('leaves a shell variable that stands for the secret, which hides nothing', () => {
    expect(redact('curl -H "Authorization: Bearer $TOKEN" https://api.example.com')).toBe('curl -H "Authorization: Bearer $TOKEN" https://api.example.com');
    expect(redact('password: ${DB_PASSWORD}')).toBe('password: ${DB_PASSWORD}');
    expect(redact('Authorization: Bearer tok$ENabcdef123456')).toContain('[REDACTED:');
  });
});

describe('rules from the plan', () => {
  it('adds the plan patterns, replacing only a secret group when there is one', () => {
    const rules = rulesFromPlan({ patterns: [{ name: 'tenant-key', regex: 'tenant_key=(?<secret>tk-[0-9]{6})' }], allow: [] });
    expect(redact('tenant_key=tk-123456 ok', rules)).toBe('tenant_key=[REDACTED:tenant-key] ok');
  });

  it('keeps a candidate the allowlist names', () => {
    const key = secretKinds.find((k) => k.kind === 'aws-access-key-id')!;
    const rules = rulesFromPlan({ patterns: [], allow: [`^${key.secret}$`] });
    expect(redact(key.text, rules)).toBe(key.text);
    expect(redact(secretKinds.find((k) => k.kind === 'github-token-ghp')!.text, rules)).toContain('[REDACTED:github-token]');
  });

  it('stays idempotent when a plan pattern could match inside a placeholder', () => {
    const rules = rulesFromPlan({ patterns: [{ name: 'shouting', regex: 'REDACTED|TOKEN' }], allow: [] });
    const once = redact('GITHUB_TOKEN=ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', rules);
    expect(redact(once, rules)).toBe(once);
  });

  it('rejects a bad regex naming the field', () => {
    expect(() => rulesFromPlan({ patterns: [{ name: 'x', regex: '(' }], allow: [] }, 'triage.yaml')).toThrow(InputError);
    expect(() => rulesFromPlan({ patterns: [{ name: 'x', regex: '(' }], allow: [] }, 'triage.yaml')).toThrow(/redact\.patterns\.0\.regex/);
  });
});

describe('secrets cut into lines', () => {
  it('removes every line of a key block even when each line is redacted on its own', () => {
    const out = secretLines.map((line) => redact(line)).join('\n');
    expect(leakedSecrets(out)).toEqual([]);
  });
});

describe('key blocks a logger prefixed line by line', () => {
  const blocks = secretKinds.filter((k) => k.rule === 'private-key' && k.secret.includes('\n'));
  const logged = (k: (typeof blocks)[number]) =>
    k.secret.split('\n').map((l) => `2025-03-14T09:25:18.000000000Z ERROR worker: ${l} trace_id=4bf92f3577b34da6a3ce929d0e0e4736`);

  it('lose every line when the text is redacted whole (capture, a note)', () => {
    for (const k of blocks) {
      const out = redact(logged(k).join('\n'));
      expect(leakedSecrets(out), k.kind).toEqual([]);
      // A block cut short (a chunk of a stream) keeps its final newline: the next chunk's line is not glued to the placeholder.
      expect(redact(`${logged(k).slice(0, 3).join('\n')}\n`)).toMatch(/^2025-03-14T09:25:18.000000000Z ERROR worker: \[REDACTED:private-key\]\n$/);
    }
  });

  it('lose every body line when each line is redacted on its own (a trace, a tail, a stream read line by line)', () => {
    for (const k of blocks) {
      const out = logged(k)
        .map((l) => redact(l))
        .join('\n');
      expect(leakedSecrets(out), k.kind).toEqual([]);
      for (const body of k.secret.split('\n').filter((l) => !l.startsWith('-----'))) expect(out, k.kind).not.toContain(body);
    }
  });

  it('a password inside a line goes when it looks like one; prose stays', () => {
    expect(redact('ERROR failed:   password: s3cr3t-Pa55 trace_id=4bf9')).toBe('ERROR failed:   password: [REDACTED:password] trace_id=4bf9');
    expect(redact('login rejected: password: incorrect')).toBe('login rejected: password: incorrect');
  });
});

describe('adversarial input', () => {
  // Each rule scans in linear time: a quadratic one would take minutes on these 300 KB
  // lines and hit the test timeout. Nothing here measures time. The filler holds no secret,
  // so it must come out as it went in; every corpus secret on the same line, before or after
  // it, must still go: a rule that gave up on a long line would leak them.
  const corpus = secretKinds.map((k) => k.text).join('\n');
  it.each([
    ['dashes', 'a-'.repeat(150_000)],
    ['dots', 'x.'.repeat(150_000)],
    ['base64', 'QUJD'.repeat(75_000)],
    ['underscores', 'a_'.repeat(150_000)],
    ['colons', 'http://a:'.repeat(33_000)],
  ])('redacts a 300 KB line of %s without stalling, keeping the filler and removing every secret beside it', (_name, filler) => {
    expect(redact(filler) === filler, 'the filler came out changed').toBe(true);
    const clean = redact(corpus);
    for (const [text, expected] of [
      [`${filler} ${corpus}`, `${filler} ${clean}`],
      [`${corpus} ${filler}`, `${clean} ${filler}`],
    ]) {
      const out = redact(text!);
      expect(leakedSecrets(out)).toEqual([]);
      // Compared as a boolean: a 300 KB diff would bury the message.
      expect(out === expected, 'the line is not the filler beside the redacted corpus').toBe(true);
    }
  });
});

describe('a redactor asked the same text again (a screen redraws its evidence every frame)', () => {
  const texts = [
    ...secretKinds.map((k) => k.text),
    ...keptValues.map((k) => k.text),
    ...cleanLines.slice(0, 200),
    'red \u001b[31mtoken=ghp_0123456789abcdefghijABCDEFGHIJ012345\u001b[0m',
  ];

  it('answers every time as redacting afresh would', () => {
    const redactText = redactorFor();
    for (let round = 0; round < 3; round++) {
      for (const text of texts) expect(redactText(text), text).toBe(redact(stripControls(text)));
    }
  });

  it('keeps apart the results of different rule sets for the same text', () => {
    const text = 'build 42 done, ticket=ACME-1234 filed';
    const plan = rulesFromPlan({ patterns: [{ name: 'ticket', regex: 'ACME-[0-9]+' }], allow: [] });
    expect(redactorFor()(text)).toBe(text);
    expect(redactorFor(plan)(text)).toBe('build 42 done, ticket=[REDACTED:ticket] filed');
    expect(redactorFor()(text)).toBe(text);
  });

  it('stays right past its bound, for texts seen long ago and for long texts', () => {
    const redactText = redactorFor();
    const many = Array.from({ length: 5000 }, (_, i) => `line ${i} password=Sup3r-s3cret-${i}x`);
    for (const text of many) expect(redactText(text)).toBe(redact(text));
    expect(redactText(many[0]!)).toBe(redact(many[0]!));
    expect(redactText(many[0]!)).not.toContain('Sup3r-s3cret');
    const long = `${'x'.repeat(5000)} password=Sup3r-s3cret-long`;
    expect(redactText(long)).toBe(redact(long));
    expect(redactText(long)).not.toContain('Sup3r-s3cret');
  });
});
