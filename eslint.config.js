import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Layers, VS Code style: code may import only from its own layer or the ones below it.
 *   common (electron/common, inference/common)  pure, runs anywhere
 *   node   (inference/node, electron/node)      plain Node: worker and host core, never Electron
 *   electron-main / preload                      the only code that imports 'electron'
 *   renderer                                     browser; talks to the host only through the API
 */
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'net',
  'worker_threads',
];
const pattern = (group, message) => ({ group, message });
const noElectron = (message) => ({ name: 'electron', message });

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-artifacts/**',
      '.scratch/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['electron/common/**/*.ts', 'inference/common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron('common code never imports Electron')],
          patterns: [
            pattern(nodeBuiltins, 'common code is pure: no Node built-ins'),
            pattern(
              ['**/node/**', '**/electron-main/**', '**/preload/**', '**/renderer/**'],
              'common code imports only common code',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/node/**/*.ts', 'inference/node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron('the host core and workers run under plain Node too: never import Electron'),
          ],
          patterns: [
            pattern(
              ['**/electron-main/**', '**/renderer/**'],
              'node code may not import Electron-main or renderer code',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['inference/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron('workers never import Electron')],
          patterns: [
            pattern(
              ['**/electron/node/**', '**/electron-main/**', '**/renderer/**'],
              'the worker does not import the host',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron('the renderer reaches Electron only through the preload bridge')],
          patterns: [
            pattern(nodeBuiltins, 'the renderer is a browser page: no Node built-ins'),
            pattern(
              ['**/electron/node/**', '**/inference/node/**', '**/electron-main/**'],
              'the renderer talks to the host through the API only',
            ),
          ],
        },
      ],
    },
  },
);
