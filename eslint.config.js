// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const CORE = [
  'src/types/**',
  'src/placement/**',
  'src/unwrap/**',
  'src/desired/**',
  'src/registration/**',
  'src/sync-plan/**',
  'src/status/**',
  'src/port/**',
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
          patterns: [
            {
              group: ['**/adapters/**', '**/agent/**', '**/cli/**', '**/testing/**'],
              message: 'The core must not import adapters, agent, cli or testing.',
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
          ],
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
  {
    // The command tree loads on every start of the CLI, `--version` included: it may import
    // commander and its own light modules only; each command's implementation is an import() in
    // its action (src/cli/lazy.ts), so offline commands never load the Kubernetes client.
    files: [
      'src/cli/main.ts',
      'src/cli/program.ts',
      'src/cli/io.ts',
      'src/cli/examples.ts',
      'src/cli/lazy.ts',
      'src/cli/options.ts',
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
                '**/adapters/**',
                '**/agent/**',
                '**/testing/**',
                '**/types/**',
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
                'The command tree loads on every start: import implementations with import() in the action (see src/cli/lazy.ts).',
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
