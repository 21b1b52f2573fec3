// Jest: unit specs beside the code (src/**/*.spec.ts), integration and e2e specs in test/.
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
    // ESM-only dependencies (required by @fastify/static, and by openapi-typescript) compiled to CommonJS for Jest on Node 20.
    '/node_modules/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true }, diagnostics: false },
    ],
  },
  // (the last node_modules/ of the path decides: parse-json is nested under openapi-typescript)
  transformIgnorePatterns: [
    '/node_modules/(?!(content-disposition|parse-json|index-to-position|supports-color|change-case|openid-client|oauth4webapi|jose)/)(?!.*/node_modules/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/setup/webhook-contract.ts'],
  testTimeout: 60000,
  forceExit: false,
};
