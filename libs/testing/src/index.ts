export * from './infra-env';
