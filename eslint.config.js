import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Each outside library may be imported (for values) only by the folder that wraps it. Types are free. */
const ADAPTERS = [
  { name: 'better-sqlite3', folders: ['server/src/store/**'] },
  // The benchmarks measure HomeSec next to the raw library (session.run, a bare query) on purpose.
  { name: 'pg', folders: ['server/src/store/**', 'server/src/bench/**'] },
  { name: 'onnxruntime-node', folders: ['server/src/detect/**', 'server/src/bench/**'] },
  { name: 'mqtt', folders: ['server/src/mqtt/**'] },
  { name: 'openai', folders: ['server/src/analyze/**'] },
  { name: 'ftp-srv', folders: ['server/src/sources/ftp/**'] },
  { name: 'onvif', folders: ['server/src/cameras/setup/**'] },
  { name: 'nodemailer', folders: ['server/src/notify/**'] },
  { name: 'socket.io', folders: ['server/src/http/**'] },
  { name: 'express', folders: ['server/src/http/**'] },
  { name: '@node-rs/argon2', folders: ['server/src/http/**'] },
  { name: 'prom-client', folders: ['server/src/metrics/**'] },
];

const restrictedFor = (file) =>
  ADAPTERS.filter((a) => !a.folders.some((f) => file.startsWith(f.replace('/**', '/')))).map((a) => ({
    name: a.name,
    message: `only ${a.folders.join(', ')} may import ${a.name}; go through its adapter`,
    allowTypeImports: true,
  }));

const serverFolders = [
  'metrics',
  'bench',
  'storage',
  'store',
  'detect',
  'mqtt',
  'analyze',
  'sources/ftp',
  'notify',
  'http',
  'pipeline',
  'alert',
  'ha',
  'sources',
  'media',
  'config',
  'core',
  'cli',
  'maintenance',
  'logging',
  'health',
  'cameras/setup',
  'cameras',
  'events',
  'runtime',
];

/**
 * Folder boundaries beside the adapter rule. core/ is the ground floor: domain types and ports,
 * importing no other folder. A source records and reports what its camera delivers: live watching,
 * detection and the vision model reach it only through the ports in core/.
 */
const BOUNDARIES = {
  core: [{ group: ['../**'], message: 'core/ is the ground floor: it imports no other folder (put the type or port in core/)' }],
  sources: [
    {
      group: ['**/detect/**', '**/analyze/**', '**/events/**'],
      message: 'a source records and reports what its camera delivers; detection, the VLM and events reach it through core/ ports',
    },
  ],
};

const boundariesFor = (folder) => BOUNDARIES[folder.split('/')[0]] ?? [];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.tmp/**', 'test-results/**', 'homesec/rootfs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        structuredClone: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        window: 'readonly',
        document: 'readonly',
        requestAnimationFrame: 'readonly',
        navigator: 'readonly',
        localStorage: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'a focused test hides the rest of the suite' },
        { object: 'describe', property: 'only', message: 'a focused test hides the rest of the suite' },
        { object: 'test', property: 'only', message: 'a focused test hides the rest of the suite' },
      ],
    },
  },
  // A promise nobody awaits or catches ends the process when it rejects: every one is awaited, returned,
  // caught, or marked `void` where its rejection is handled inside (type-aware, so it needs the projects).
  {
    files: ['server/src/**/*.ts', 'tests/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  // The dashboard shares the server's wire types, never its code: a value import would pull Node into the bundle.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**'], message: 'the web imports only types from the server', allowTypeImports: true }] },
      ],
    },
  },
  // Tests may use non-null assertions on values they just asserted; product code may not.
  { files: ['tests/**/*.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
  ...serverFolders.map((folder) => ({
    files: [`server/src/${folder}/**/*.ts`],
    // A nested adapter folder (sources/ftp) has its own entry.
    ignores: serverFolders.filter((other) => other.startsWith(`${folder}/`)).map((other) => `server/src/${other}/**`),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: restrictedFor(`server/src/${folder}/`), patterns: boundariesFor(folder) },
      ],
    },
  })),
  {
    files: ['server/src/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: restrictedFor('server/src/') }] },
  },
);
