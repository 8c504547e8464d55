// Lint rules for the whole workspace. Module boundaries are enforced on two tag axes
// (scope:* and type:*), declared in each project's project.json.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

const scopes = [
  'gateway',
  'station',
  'session',
  'metering',
  'customer',
  'billing',
  'report',
  'energy',
  'ocpi',
  'simulator',
  'allinone',
  'edge',
  'distributed',
  'console',
];
// The all-in-one process and the distributed launcher (`npm run start:distributed`) compose every app (ADR 0004).
const composers = ['allinone', 'distributed'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/tmp/**', '**/*.generated.ts', '**/*.js', '**/*.mjs', '.nx/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // type axis: apps sit on top; nothing imports an app.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:data-access', 'type:contracts', 'type:util'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:contracts', 'type:util'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            // scope axis: a service's code uses its own scope and shared libs only.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...scopes
              .filter((s) => !composers.includes(s))
              .map((s) => ({ sourceTag: `scope:${s}`, onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared'] })),
            // end-to-end suites drive the whole stack.
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:app', 'type:composition', 'type:domain', 'type:data-access', 'type:contracts', 'type:util'],
            },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: scopes.map((s) => `scope:${s}`).concat('scope:shared') },
            // the all-in-one process composes every app (ADR 0004).
            {
              sourceTag: 'type:composition',
              onlyDependOnLibsWithTags: ['type:app', 'type:domain', 'type:data-access', 'type:contracts', 'type:util'],
            },
            ...composers.map((c) => ({
              sourceTag: `scope:${c}`,
              onlyDependOnLibsWithTags: scopes.map((s) => `scope:${s}`).concat('scope:shared'),
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.medium-spec.ts', '**/scripts/**/*.ts', 'apps/e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // Layout is Prettier's (`npm run format`, checked by `npm run lint`): no ESLint rule argues with it.
  prettier,
);
