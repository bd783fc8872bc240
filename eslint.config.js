// Lint: strict TypeScript habits plus Nx module boundaries with real constraints
// (an app never imports another app; shared libs never reach into a service).
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

const services = ['api-gateway', 'auth-service', 'user-service', 'audit-service', 'rotation-service', 'cli', 'console'];

module.exports = [
  { ignores: ['**/dist', '**/node_modules', '**/*.js', '**/*.mjs', 'bench/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    // The console is a browser app with its own tsconfig (DOM, JSX): its block is below.
    ignores: ['apps/console/**'],
    plugins: { '@nx': nx },
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...services.map((s) => ({ sourceTag: `scope:${s}`, onlyDependOnLibsWithTags: ['scope:shared', `scope:${s}`] })),
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:contracts', 'type:feature', 'type:testing'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:contracts'] },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: { parserOptions: { project: './apps/console/tsconfig.json', tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // The console talks to the platform over HTTP only: no workspace lib, no other app.
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: [{ sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console'] }] }],
    },
  },
];
