import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/vscode may import vscode.' }] }],
};
const pureCommon = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'vscode', message: 'src/common is pure: no vscode.' }],
      patterns: [
        { group: ['node:*', 'fs', 'path', 'child_process', 'worker_threads', 'http', 'https', 'net', 'os'], message: 'src/common is pure: no I/O (put it in src/node).' },
        { group: ['onnxruntime-node', '../node/*', '../../node/*', '../vscode/*', '../../vscode/*'], message: 'src/common may not depend on other layers.' },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'out/**', '**/*.mjs', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'webview/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // node:test's describe/it return promises the runner itself tracks.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'before', 'after', 'beforeEach', 'afterEach', 'suite'] }] },
      ],
    },
  },
  { files: ['src/**/*.ts', 'webview/**/*.ts'], rules: { 'no-console': 'error' } },
  { files: ['src/common/**/*.ts'], rules: pureCommon },
  { files: ['src/node/**/*.ts', 'src/cli/**/*.ts', 'webview/**/*.ts'], rules: noVscode },
);
