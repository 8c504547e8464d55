export * from './infra-env';
export * from './test-station';
export * from './free-port';
export * from './ocsp-responder';
export * from './fuzz/schema-arbitrary';
export * from './sql-migration';
export * from './api-client/operator-api-client';
export * from './tls-handshake';
