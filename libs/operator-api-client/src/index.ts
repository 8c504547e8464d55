export * from './operator-api-client';
