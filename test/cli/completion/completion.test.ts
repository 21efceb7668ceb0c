import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS } from '../../../src/cli/commands';
import { GLOBAL_FLAGS } from '../../../src/cli/args';
import { describeWith, onPath } from '../../support/requires';

// Each script, as the built binary prints it, loaded into a real bash, zsh and fish; the
// completions they offer for a command line are what a person would see after TAB.

const ROOT = new URL('../../..', import.meta.url).pathname;
const TRIAGE = join(ROOT, 'bin', 'triage.js');
const ZSH_CAPTURE = join(ROOT, 'test', 'cli', 'completion', 'zsh-capture.zsh');

type Shell = 'bash' | 'zsh' | 'fish';
const SHELLS: Shell[] = ['bash', 'zsh', 'fish'];

let dir: string;
let env: NodeJS.ProcessEnv;
const scripts = {} as Record<Shell, string>;
/** zsh's completion function table, dumped once: each capture's compinit reads it instead of scanning $fpath. */
let zcompdump: string | undefined;

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: stg
  cluster: { server: 'https://127.0.0.1:1' }
users:
- name: me
  user: { token: not-used }
contexts:
- name: staging-eu1
  context: { cluster: stg, user: me, namespace: shop }
- name: kind-e2e
  context: { cluster: stg, user: me, namespace: e2e-run-1841 }
current-context: staging-eu1
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-completion-'));
  writeFileSync(join(dir, 'kubeconfig'), KUBECONFIG);
  writeFileSync(join(dir, 'harness.log'), 'x\n');
  mkdirSync(join(dir, 'bundle-0615'));
  mkdirSync(join(dir, '.triage', 'investigations'), { recursive: true });
  writeFileSync(join(dir, '.triage', 'investigations', '20261205-075917Z-83e290.ndjson'), '');
  env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), TMPDIR: dir, LANG: 'C.UTF-8' };
  // kubectl finds plugins, and their completion executables, by name on PATH.
  mkdirSync(join(dir, 'bin'));
  symlinkSync(TRIAGE, join(dir, 'bin', 'kubectl-triage'));
  symlinkSync(join(ROOT, 'bin', 'kubectl_complete-triage.js'), join(dir, 'bin', 'kubectl_complete-triage'));
  for (const shell of SHELLS) {
    const script = execFileSync(process.execPath, [TRIAGE, 'completion', shell], { encoding: 'utf8', timeout: 30_000 });
    scripts[shell] = join(dir, `triage.${shell}`);
    writeFileSync(scripts[shell], script);
  }
  if (onPath('zsh')) {
    zcompdump = join(dir, 'zcompdump');
    execFileSync('zsh', ['-f', '-c', 'autoload -U compinit && compinit -u -d "$1"', 'zsh', zcompdump], { cwd: dir, env, timeout: 30_000 });
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The words bash would hand the function: COMP_WORDBREAKS splits `--flag=value` at the '='. */
function bashWords(line: string): string[] {
  const words = line.split(' ').flatMap((w) => (/^--[^=]+=/.test(w) ? [w.slice(0, w.indexOf('=')), '=', w.slice(w.indexOf('=') + 1)] : [w]));
  return words;
}

/**
 * What TAB offers at the end of `line` in `shell`, sorted, without a directory's trailing
 * slash, and without the `--flag=` fish repeats in front of a value (it replaces the token).
 */
function complete(shell: Shell, line: string): string[] {
  let result;
  if (shell === 'bash') {
    const driver = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMP_LINE="\${COMP_WORDS[*]}"; COMP_POINT=\${#COMP_LINE}
_triage "\${COMP_WORDS[0]}" "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"; printf '%s\\n' "\${COMPREPLY[@]}"`;
    result = spawnSync('bash', ['--norc', '--noprofile', '-c', driver, 'bash', scripts.bash, ...bashWords(line)], {
      cwd: dir,
      env,
      encoding: 'utf8',
      timeout: 20_000,
    });
  } else if (shell === 'zsh') {
    result = spawnSync('zsh', ['-f', ZSH_CAPTURE, scripts.zsh, line, zcompdump ?? ''], { cwd: dir, env, encoding: 'utf8', timeout: 20_000 });
  } else {
    result = spawnSync('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', scripts.fish, line], {
      cwd: dir,
      env,
      encoding: 'utf8',
      timeout: 20_000,
    });
  }
  expect(result.error).toBeUndefined();
  expect(result.stderr).toBe('');
  return [
    ...new Set(
      result.stdout
        .split('\n')
        .map((l) =>
          l
            .split('\t')[0]!
            .replace(/\/$/, '')
            .replace(/^--[^=]+=/, ''),
        )
        .filter(Boolean),
    ),
  ].sort();
}

const CASES: Array<[string, string, string[]]> = [
  ['a command from its prefix', 'triage ru', ['run']],
  ['a flag of the command from its prefix', 'triage run --f', ['--format']],
  ['the --format choices of run', 'triage run --format ', ['json', 'md', 'ndjson']],
  ['the --format choices of scan', 'triage scan --format ', ['json', 'text']],
  ['a --format=VALUE written with the equals sign', 'triage run --format=nd', ['ndjson']],
  ['the trackers note export sends to', 'triage note export --to ', ['gitea', 'github', 'gitlab']],
  ['the subcommands of note', 'triage note ', ['export', 'render']],
  ['the shells completion knows', 'triage completion ', ['bash', 'fish', 'zsh']],
  ["the kubeconfig's contexts", 'triage --context ', ['kind-e2e', 'staging-eu1']],
  ["the namespaces the kubeconfig's contexts name", 'triage run -n ', ['e2e-run-1841', 'shop']],
  ['a command after a global flag and its value', 'triage --context staging-eu1 sc', ['scan']],
  ["this directory's investigations", 'triage note render --investigation ', ['20261205-075917Z-83e290']],
  ['files where scan takes paths', 'triage scan ha', ['harness.log']],
  ['directories for --bundle', 'triage run --bundle bu', ['bundle-0615']],
  ['nothing for a value nobody can guess', 'triage trace abc --since ', []],
  ['the kubectl plugin executable as triage', 'kubectl-triage de', ['demo']],
];

for (const shell of SHELLS)
  describeWith(
    shell,
    onPath(shell),
    `apt-get install ${shell}`,
  )(`triage completion ${shell}, loaded in a real shell`, () => {
    it.each(CASES)('offers %s', (_, line, expected) => {
      expect(complete(shell, line)).toEqual(expected);
    });

    it('offers every command of the table --help prints', () => {
      expect(complete(shell, 'triage ')).toEqual(COMMANDS.map((c) => c.name).sort());
    });

    it("offers trace's own flags and every global flag", async () => {
      const trace = await COMMANDS.find((c) => c.name === 'trace')!.load();
      const expected = [...trace.flags, ...GLOBAL_FLAGS].map((f) => `--${f.name}`);
      expect(complete(shell, 'triage trace --')).toEqual([...new Set(expected)].sort());
    });
  });

/** `kubectl __complete triage …` is what kubectl's own completion asks on TAB; it runs kubectl_complete-triage. */
function kubectlComplete(line: string): { values: string[]; directive: string } {
  const words = line.split(' ').slice(1);
  const result = spawnSync('kubectl', ['__complete', 'triage', ...words], {
    cwd: dir,
    env: { ...env, PATH: `${join(dir, 'bin')}:${env.PATH}` },
    encoding: 'utf8',
    timeout: 20_000,
  });
  const lines = result.stdout.split('\n').filter(Boolean);
  const directive = lines.pop() ?? '';
  return { values: lines.map((l) => l.split('\t')[0]!.replace(/^--[^=]+=/, '')).sort(), directive };
}

describe('kubectl triage, completed by kubectl through kubectl_complete-triage', () => {
  const PATH_CASES: Record<string, string> = { 'triage scan ha': ':0', 'triage run --bundle bu': ':16' };
  it.each(CASES.filter(([, line]) => !line.startsWith('kubectl-triage')))('offers %s', (_, line, expected) => {
    const { values, directive } = kubectlComplete(line);
    // Paths are the shell's to list: kubectl is told files (:0) or directories (:16), never "no files" (:4).
    if (PATH_CASES[line]) expect({ values, directive }).toEqual({ values: [], directive: PATH_CASES[line] });
    else expect({ values, directive }).toEqual({ values: expected, directive: ':4' });
  });
});

describe('triage completion', () => {
  it('refuses a shell it has no script for, in one line with exit 2', () => {
    const result = spawnSync(process.execPath, [TRIAGE, 'completion', 'powershell'], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('triage completion: no completion for "powershell" (bash, zsh, fish)\n');
  });
});
