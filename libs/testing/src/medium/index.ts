// The medium test tier (*.medium-spec.ts, ADR 0020): one service in the test process on the
// in-process ports and a real PostgreSQL schema. A separate entry (and Nx project) because it
// pulls in the service kit, NestJS and TypeORM, which @voltlane/testing must not.
export { ServiceHarness, type ServiceHarnessOptions } from './service-harness';
export { answeredCommandEvent, type AnsweredCommand } from './command-events';
export { FakeGateway, FakeStation, type AnswerFrame, type CallOptions, type CommandAnswer, type CommandAnswerer } from './fake-gateway';
export { ServiceTestApi, type HttpAnswer, type ServiceTestApiOptions, type StartedServiceApi } from './service-test-api';
