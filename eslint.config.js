// The linter (issue 12, part 6): a modest rule set, plus the import boundaries that keep the
// layers one-way (DESIGN section 8, STYLE "Layers that never bend backwards").
// Syntax-only (no type information), so it stays fast enough to run in `npm test`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Node's I/O modules: only the engine touches them; the views render and send intents.
const ioModules = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'dgram', 'tls'].flatMap((name) => [name, `node:${name}`]);

// Each adapter package, and the one folder allowed to import it.
const adapters = [
  { name: '@kubernetes/client-node', home: 'src/kube/', message: 'Only src/kube/ talks to the Kubernetes client.' },
  { name: 'pg', home: 'src/trace/sources/', message: 'Only the trace sources (src/trace/sources/) open a PostgreSQL client.' },
  { name: 'redis', home: 'src/trace/sources/', message: 'Only the trace sources (src/trace/sources/) open a Redis client.' },
  // No engine module uses execa today (they spawn through node:child_process); the tests may.
  { name: 'execa', home: null, message: 'The engine spawns processes through src/checks/process.ts, not execa.' },
];

const adapterPaths = (except) => adapters.filter((a) => a.home !== except).map((a) => ({ name: a.name, message: a.message }));
const adapterPatterns = (except) => adapters.filter((a) => a.home !== except).map((a) => ({ group: [`${a.name}/*`], message: a.message }));

const viewsImport = { group: ['**/views', '**/views/**'], message: 'src/ never imports views/: the engine draws nothing.' };
const cliImport = { group: ['**/cli', '**/cli/**'], message: 'Only src/cli/ knows argv, stdout and exit codes; nothing else in src/ imports it.' };
const uiImport = { group: ['ink', 'ink/*', 'react', 'react/*', 'ink-testing-library'], message: 'The engine has no React and no Ink.' };

// process.argv belongs to src/cli (and bin/, which hands it over).
const argvRule = [
  'error',
  { object: 'process', property: 'argv', message: 'Only src/cli/ reads argv.' },
  { object: 'process', property: 'argv0', message: 'Only src/cli/ reads argv.' },
];
const argvImports = [
  { name: 'process', importNames: ['argv', 'argv0'], message: 'Only src/cli/ reads argv.' },
  { name: 'node:process', importNames: ['argv', 'argv0'], message: 'Only src/cli/ reads argv.' },
];

/** `no-restricted-imports` for engine files; `except` is the one adapter home they sit in, if any (flat config: the last matching block wins for a rule). */
function srcRule(except, { inCli = false } = {}) {
  return [
    'error',
    { paths: [...adapterPaths(except), ...argvImports], patterns: [viewsImport, uiImport, ...(inCli ? [] : [cliImport]), ...adapterPatterns(except)] },
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.triage/', 'fixtures/', 'signatures/', 'packaging/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // A terminal workbench strips and matches escape sequences on purpose (ANSI, OSC, C0).
      'no-control-regex': 'off',
    },
  },
  {
    // Tests read JSON answers loosely and match screen columns with literal spaces.
    files: ['test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-regex-spaces': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // ---- import boundaries ----
  { files: ['src/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': srcRule(undefined), 'no-restricted-properties': argvRule } },
  { files: ['src/kube/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': srcRule('src/kube/') } },
  { files: ['src/trace/sources/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': srcRule('src/trace/sources/') } },
  { files: ['src/cli/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': srcRule(undefined, { inCli: true }), 'no-restricted-properties': 'off' } },
  {
    files: ['views/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...ioModules.map((name) => ({ name, message: 'Views do no I/O: they render engine state and send intents.' })),
            ...adapterPaths(undefined),
            ...argvImports,
          ],
          patterns: [
            ...adapterPatterns(undefined),
            { group: ['**/bin/**', '**/test/**', '**/scripts/**'], message: 'Views import src/ only.' },
            { group: ['**/src/cli', '**/src/cli/**'], message: 'Views import the engine, not the command line.' },
          ],
        },
      ],
      'no-restricted-properties': argvRule,
    },
  },
);
