export * from './infra-env';
export * from './test-station';
