// Lint rules, including the import boundaries of docs/architecture.md:
// a folder of server/src imports only from the layers below it, never sideways,
// gateway-sim never imports the server, and only server/src/broker touches @stoqey/ib.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

/** server/src folders by layer; a folder may import only from strictly lower layers. */
const SERVER_LAYERS = [
  ['common'],
  ['domain'],
  ['risk', 'broker', 'db'],
  ['orders', 'positions', 'audit', 'sessions', 'accounts', 'workspaces', 'connections', 'instruments', 'intake'],
  ['http'],
];

function forbiddenFor(folder, layerIndex) {
  const forbidden = [];
  SERVER_LAYERS.forEach((names, i) => {
    for (const name of names) {
      if (i > layerIndex || (i === layerIndex && name !== folder)) forbidden.push(name);
    }
  });
  return forbidden;
}

const layerRules = SERVER_LAYERS.flatMap((names, layerIndex) =>
  names.map((folder) => {
    const forbidden = forbiddenFor(folder, layerIndex);
    const patterns = forbidden.map((name) => ({
      group: [`../${name}`, `../${name}/*`, `../../${name}`, `../../${name}/*`],
      message: `server/src/${folder} may not import ${name}/: imports flow down the layers (docs/architecture.md).`,
    }));
    patterns.push({ group: ['../main.ts', '../cli.ts', '../../main.ts', '../../cli.ts'], message: 'Only the composition root imports main.ts / cli.ts.' });
    if (folder !== 'broker') {
      patterns.push({ group: ['@stoqey/ib', '@stoqey/ib/*'], message: 'Only server/src/broker may use @stoqey/ib.' });
    }
    return {
      files: [`server/src/${folder}/**/*.ts`],
      rules: { 'no-restricted-imports': ['error', { patterns }] },
    };
  }),
);

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'bench/results/**', 'dashboard/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a string-literal union instead of enum.' }],
    },
  },
  {
    files: ['server/src/**/*.ts', 'gateway-sim/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'server/src/cli.ts', 'gateway-sim/src/cli.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['gateway-sim/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@kairox/server', '@kairox/server/*', '**/server/src/*'], message: 'gateway-sim stands in for IBKR and imports nothing from server/.' }],
      }],
    },
  },
  {
    files: ['gateway-sim/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'gateway-sim/test/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@kairox/server', '@kairox/server/*', '**/server/src/*'], message: 'gateway-sim stands in for IBKR and imports nothing from server/.' },
          { group: ['@stoqey/ib', '@stoqey/ib/*'], message: 'The simulator must not depend on a client library; only its tests use one.' },
        ],
      }],
    },
  },
  ...layerRules,
  {
    // The single-page app runs in the browser: browser globals, the hooks rules, and no Node or
    // server code (it talks to the server over the API only; its types come from the OpenAPI document).
    files: ['dashboard/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*'], message: 'dashboard/src runs in the browser.' },
          { group: ['**/server/*', '**/gateway-sim/*', '@kairox/*'], message: 'The dashboard reaches the server through the API (src/api), never its code.' },
        ],
      }],
    },
  },
);
