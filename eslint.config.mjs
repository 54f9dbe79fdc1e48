// Lint, and the module boundaries of DESIGN.md: each folder may import only what its row allows, so the
// engine stays free of VS Code and the front ends reach the engine only through its one entry point.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/extension may import vscode.' };
const noReact = ['react', 'react-dom', '@xyflow/react', '@vscode-elements/react-elements'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Build scripts and configs run in Node.
    files: ['*.mjs', '*.mts', '.ci/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/orchestrator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode, ...noReact.map((name) => ({ name, message: 'The engine has no UI.' }))],
          patterns: [
            { group: ['**/extension/**', '**/cli/**', '**/webview-ui/**', '**/shared/**'], message: 'The engine imports only itself and Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/orchestrator/**/*.ts'],
    ignores: ['src/orchestrator/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode, { name: 'sql.js', message: 'Only the store may use sql.js.' }, ...noReact.map((name) => ({ name, message: 'The engine has no UI.' }))],
          patterns: [
            { group: ['**/extension/**', '**/cli/**', '**/webview-ui/**', '**/shared/**'], message: 'The engine imports only itself and Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            { group: ['node:*'], message: 'src/shared runs in the browser too: no Node built-ins.' },
            { group: ['**/orchestrator/*', '!**/orchestrator/model'], message: 'src/shared may import only types from orchestrator/model.' },
            { group: ['**/extension/**', '**/cli/**', '**/webview-ui/**'], message: 'src/shared depends on nothing above it.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            { group: ['**/orchestrator/*/**', '**/orchestrator/*', '!**/orchestrator/index', '!**/orchestrator/model'], message: 'Front ends import the engine only through src/orchestrator/index.ts.' },
            { group: ['**/webview-ui/**', '**/extension/**'], message: 'The CLI does not import the extension or the webview.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/orchestrator/*/**', '**/orchestrator/*', '!**/orchestrator/index', '!**/orchestrator/model'], message: 'Front ends import the engine only through src/orchestrator/index.ts.' },
            { group: ['**/webview-ui/**', '**/cli/**'], message: 'The extension does not import the CLI or the webview.' },
          ],
        },
      ],
    },
  },
  {
    files: ['webview-ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            { group: ['**/orchestrator/*', '!**/orchestrator/model', '**/orchestrator/*/**'], message: 'The webview sees the engine only through src/shared/protocol.ts types.' },
            { group: ['node:*'], message: 'The webview runs in a browser.' },
          ],
        },
      ],
    },
  },
);
