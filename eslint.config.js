// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Package boundaries (docs/adr/0001-stack-and-layout.md):
 * core ← db ← server ← cli, and core ← web. Each rule says why when it fires.
 */
const deepImport = {
  group: ['@tianheng/*/src', '@tianheng/*/src/*'],
  message:
    'Import a package through its index ("@tianheng/x"), never its src: a package exports only through index.ts.',
};
const onlyIndex = (/** @type {string[]} */ forbidden, /** @type {string} */ why) =>
  forbidden.map((name) => ({ name: `@tianheng/${name}`, message: why }));

/** @param {string[]} forbidden @param {string} why @param {object[]} [extra] */
const boundary = (forbidden, why, extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: [...onlyIndex(forbidden, why), ...extra],
      patterns: [
        deepImport,
        ...forbidden.map((f) => ({ group: [`@tianheng/${f}/*`], message: why })),
      ],
    },
  ],
});

const nodeIo = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'http',
  'node:http',
  'net',
  'node:net',
  'child_process',
  'node:child_process',
  'pg',
  'kysely',
  '@electric-sql/pglite',
].map((name) => ({
  name,
  message: 'core is pure: no I/O. Pass data in and return data; I/O belongs in db or server.',
}));

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      '**/.tsbuild/**',
      'screenshots/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      ...boundary([], ''),
    },
  },
  {
    files: ['packages/core/**/*.ts'],
    rules: {
      ...boundary(
        ['db', 'server', 'web', 'cli'],
        'Bad layering: core imports nothing of ours (it is the pure domain every other package builds on).',
        nodeIo,
      ),
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'core is pure: no network. Do I/O in server.' },
        {
          name: 'setTimeout',
          message: 'core is pure: no timers. The scheduler in server calls core with the time.',
        },
        {
          name: 'process',
          message: 'core is pure: no environment. Pass configuration in as arguments.',
        },
        { name: 'console', message: 'core is pure: return values (Result) instead of logging.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'core is pure: take `now` as an argument.' },
        {
          object: 'Math',
          property: 'random',
          message: 'core is pure: no randomness; pass ids or seeds in.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'core is pure: take `now` as an argument instead of new Date().',
        },
      ],
    },
  },
  {
    files: ['packages/db/**/*.ts'],
    rules: boundary(
      ['server', 'web', 'cli'],
      'Bad layering: db may import only core (SQL lives here; HTTP and UI do not).',
    ),
  },
  {
    files: ['packages/server/**/*.ts'],
    rules: boundary(
      ['web', 'cli'],
      'Bad layering: server may import only core and db (the web is served as built files; the CLI wraps the server, not the reverse).',
      [
        { name: 'pg', message: 'SQL lives only in packages/db: call a repository.' },
        {
          name: '@electric-sql/pglite',
          message: 'SQL lives only in packages/db: call a repository.',
        },
        {
          name: 'kysely',
          allowTypeImports: true,
          message: 'SQL lives only in packages/db: call a repository (type imports are fine).',
        },
      ],
    ),
  },
  {
    files: ['packages/cli/**/*.ts'],
    rules: boundary(
      ['web'],
      'Bad layering: the CLI may import core, db and server, never the web app.',
      [
        { name: 'pg', message: 'SQL lives only in packages/db: call a repository.' },
        {
          name: 'kysely',
          allowTypeImports: true,
          message: 'SQL lives only in packages/db: call a repository (type imports are fine).',
        },
      ],
    ),
  },
  {
    files: ['packages/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...boundary(
        ['db', 'server', 'cli'],
        'Bad layering: the web app may import only core (types and the same pure rules); talk to the server over HTTP.',
        [
          { name: 'kysely', message: 'The web app never touches the database: call the API.' },
          {
            name: 'echarts',
            message:
              'Import ECharts through "echarts/core" with only the charts you use (the full bundle is 663 KB gzipped).',
          },
        ],
      ),
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
