// ESLint: the JavaScript and TypeScript recommended rules over the app, workers, tests and scripts.
// Formatting is Prettier's (.prettierrc.json); this checks code, not layout. Runs in `npm test` (scripts/lint.sh).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'public/', 'test-results/', '.cache/', 'models/**/runs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // Node scripts and tests; e2e callbacks run in the page, so browser names too.
      globals: { ...globals.node, ...globals.browser, ...globals.worker },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Tests mutate parsed backup manifests freely (fuzz and damage cases); \`any\` is that JSON's honest type there.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // TypeScript already reports undefined names in .ts files, with the DOM and worker libs it knows.
    files: ['**/*.ts'],
    rules: { 'no-undef': 'off' },
  },
);
