// @vscode/test-cli configuration for people with desktop VS Code: `npx vscode-test` downloads VS Code and
// runs the same extension-host suites. It cannot download on machines without internet (CI here), where
// `npm run test:vscode` runs them in code-server instead. Build first:
//   npm run build && node scripts/vscode/buildVscodeTests.mjs && npx vscode-test
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'extension-host',
  files: 'out/test/vscode/suite/**/*.test.js',
  version: '1.99.3',
  workspaceFolder: '.',
  mocha: { ui: 'bdd', timeout: 30_000, color: true },
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
});
