// One Jest run for the whole workspace: `unit` specs sit beside the code (*.spec.ts) and need
// nothing; `medium` specs (*.medium-spec.ts) run one service on PostgreSQL; `integration` specs
// (*.int-spec.ts) talk to the real Kafka, Redis and PostgreSQL that deploy/local/infra.sh brings
// up (scripts/test.sh exports their addresses).
const { pathsToModuleNameMapper } = require('./scripts/jest-paths');

// TypeScript's own emit, file by file (no type check here: `npm run typecheck` does that),
// so decorator metadata for NestJS is emitted exactly as in the build.
const tsJest = [
  'ts-jest',
  {
    diagnostics: false,
    tsconfig: { ...require('./tsconfig.base.json').compilerOptions, isolatedModules: true, sourceMap: true, inlineSourceMap: false },
  },
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: pathsToModuleNameMapper(),
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/scripts'],
};

// The operator console (apps/console): React components in jsdom with Node's fetch (ADR 0030).
const consoleProject = {
  displayName: 'console',
  testEnvironment: '<rootDir>/apps/console/src/testing/console-environment.js',
  testMatch: ['<rootDir>/apps/console/**/*.spec.ts?(x)'],
  roots: ['<rootDir>/apps/console'],
  setupFiles: ['<rootDir>/apps/console/src/testing/setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/apps/console/src/testing/after-env.ts'],
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        diagnostics: false,
        tsconfig: {
          ...require('./tsconfig.base.json').compilerOptions,
          module: 'commonjs',
          moduleResolution: 'node',
          jsx: 'react-jsx',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          isolatedModules: true,
          experimentalDecorators: false,
          emitDecoratorMetadata: false,
        },
      },
    ],
  },
  moduleNameMapper: { ...pathsToModuleNameMapper(), '\\.css$': '<rootDir>/apps/console/src/testing/style-stub.js' },
};

module.exports = {
  // Integration specs wait on real servers; unit specs finish far below this.
  testTimeout: 60_000,
  // Jest's default (cores - 1) is one worker on a 2-core CI machine: every suite after the other,
  // although an integration suite mostly waits on Kafka, Redis and PostgreSQL (its process uses
  // about a third of a core). Suites are isolated by unique topics, consumer groups, schemas,
  // station ids and port 0, so at least three run side by side (`npm test -- --maxWorkers=N` overrides).
  maxWorkers: Math.max(3, require('node:os').availableParallelism() - 1),
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/console/'] },
    consoleProject,
    // One service in the test process on the in-process ports and a real PostgreSQL schema
    // (@voltlane/testing/medium, ADR 0020): needs PostgreSQL only.
    {
      ...common,
      displayName: 'medium',
      testMatch: ['**/*.medium-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/medium/global-setup.js',
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/*.int-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.quiet\\.int-spec\\.ts$'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.js',
    },
    // Integration specs that judge latency (a station never held behind bad frames): on a 2-core
    // machine shared with two other suites, a stack is many times slower than alone, and a bound
    // that tells a held station from a slow one stops telling them apart. `npm test` runs this
    // project after the others, one suite at a time (scripts/test.sh, ADR 0031).
    {
      ...common,
      displayName: 'quiet',
      testMatch: ['**/*.quiet.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.js',
    },
  ],
};
