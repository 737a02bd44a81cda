// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const CORE = [
  'src/model/**',
  'src/manifest/**',
  'src/validation/**',
  'src/placement/**',
  'src/unwrap/**',
  'src/desired/**',
  'src/registration/**',
  'src/sync-plan/**',
  'src/impact/**',
  'src/status/**',
  'src/port/**',
  'src/internal/**',
  'src/report/**',
];

/** What no core file may import: the outer parts, the entry points, and I/O. */
const CORE_PATTERNS = [
  {
    group: [
      '**/adapters/**',
      '**/agent/**',
      '**/cli/**',
      '**/testing/**',
      '**/install/**',
      '**/agent-entry.js',
      '**/memory.js',
      '**/k8s.js',
      '**/testing.js',
      '../index.js',
    ],
    message: 'The core must not import adapters, agent, cli, testing, install or an entry point.',
  },
  {
    group: [
      'node:fs',
      'node:fs/*',
      'node:net',
      'node:http',
      'node:https',
      'node:child_process',
      'fs',
      'net',
      'http',
      'https',
      'child_process',
      '@kubernetes/client-node',
    ],
    message: 'The core does no I/O.',
  },
];

/**
 * Inside the core's model, manifest and validation folders the arrows point down only:
 * validation/ → manifest/ → model/. These blocks repeat {@link CORE_PATTERNS}: a later
 * `no-restricted-imports` for the same file replaces the earlier one.
 */
const CORE_DOWNWARDS = [
  {
    files: ['src/model/**'],
    forbidden: ['**/manifest/**', '**/validation/**'],
    message: 'model/ is the bottom of the core: it imports nothing of manifest/ or validation/.',
  },
  {
    files: ['src/manifest/**'],
    forbidden: ['**/validation/**'],
    message: 'manifest/ reads and writes YAML over model/: it must not import validation/.',
  },
];

/**
 * The outer parts, each with the parts it must not import: the arrows point from the CLI to the
 * agent to the adapters, never back. (The core's own rule is the CORE block below.) A file matches
 * one entry only: a later `no-restricted-imports` for the same file would replace this one.
 */
const OUTER_LAYERS = [
  {
    files: ['src/adapters/**'],
    forbidden: ['**/agent/**', '**/cli/**', '**/testing/**'],
    message: 'Adapters implement the port: they must not import the agent, the CLI or testing.',
  },
  {
    files: ['src/agent/**'],
    forbidden: ['**/cli/**', '**/testing/**'],
    message: 'The agent runs under the CLI: it must not import the CLI or testing.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cache/**', 'tmp/**', 'docs/api/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unified-signatures': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
    },
  },
  {
    // The core is data in, data out: no adapters, agent, CLI or testing, and no I/O modules.
    files: CORE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: CORE_PATTERNS,
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Take the clock as a parameter.' },
        { object: 'Math', property: 'random', message: 'Take randomness as a parameter.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Take the clock as a parameter.',
        },
      ],
    },
  },
  ...CORE_DOWNWARDS.map(({ files, forbidden, message }) => ({
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [...CORE_PATTERNS, { group: forbidden, message }] }],
    },
  })),
  ...OUTER_LAYERS.map(({ files, forbidden, message }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }] },
  })),
  {
    // The command tree loads on every start of the CLI, `--version` included: it may import
    // commander and its own light modules only; each command's implementation is an import() in
    // its action (src/cli/shared/lazy.ts), so offline commands never load the Kubernetes client.
    // src/cli/shared/controller-process-options.ts is light too, but imports the agent's defaults.
    files: [
      'src/cli/main.ts',
      'src/cli/program.ts',
      'src/cli/shared/io.ts',
      'src/cli/shared/examples.ts',
      'src/cli/shared/lazy.ts',
      'src/cli/shared/options.ts',
      'src/cli/shared/version.ts',
      'src/cli/definitions/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/commands/**',
                '**/demo/**',
                '**/support/**',
                '**/adapters/**',
                '**/agent/**',
                '**/testing/**',
                '**/model/**',
                '**/manifest/**',
                '**/validation/**',
                '**/placement/**',
                '**/unwrap/**',
                '**/registration/**',
                '**/sync-plan/**',
                '**/internal/**',
                '**/k8s.js',
                '**/clusters.js',
                '**/fleet.js',
                '**/print.js',
                '@kubernetes/*',
                'zod',
                'js-yaml',
                'yaml',
                'fast-json-patch',
              ],
              allowTypeImports: true,
              message:
                'The command tree loads on every start: import implementations with import() in the action (see src/cli/shared/lazy.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'scripts/**'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    // Each example's own tsconfig.json resolves `vzmc` from an install; here, lint them through the
    // root tsconfig, whose `paths` map `vzmc` to src.
    files: ['examples/**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: './tsconfig.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['test/**', 'bench/**', 'examples/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
