export { inboundCallContext, type InboundCallContext } from './inbound/inbound-call-context';
export { OcppCallError } from './inbound/ocpp-call-error';
export { AfterAnswer } from './inbound/after-answer';
export type { OcppCallHandler, OcppFrameObserver } from './inbound/ocpp-call-handler';
export { InboundDispatcher, type InboundDispatcherOptions } from './inbound/inbound-dispatcher';
export { openServiceDatabase, type ServiceDatabaseOptions } from './persistence/service-database';
export {
  assertColumnBounds,
  columnBoundsOf,
  declareColumnBounds,
  ColumnBounds,
  type ColumnDeclarations,
} from './persistence/column-bounds';
export { ColumnBoundsSubscriber } from './persistence/column-bounds.subscriber';
export { loadServiceConfig, readMasterPassGroupId, topicMap, type ServiceConfig, type TopicMap } from './runtime/service-config';
export { connectServicePorts, type ServicePorts } from './runtime/service-runtime';
export { createInProcessPorts, type InProcessPorts } from './runtime/in-process-ports';
export type { RunningService, ServiceStartOptions, StartService } from './runtime/running-service';
export {
  defineService,
  type DefinedService,
  type ServiceContext,
  type ServiceDefinition,
  type ServiceHandle,
  type ServiceParts,
  type Startable,
} from './runtime/define-service';
export { commandEventSink } from './runtime/command-event-sink';
export { bindServiceMetrics, createServiceMetricsRegistry } from './runtime/service-metrics';
export { migrateServiceSchema, runMigrations, type MigratedService } from './runtime/run-migrations';
export { ShutdownSteps, serviceReadiness, type ReadinessCheck } from './runtime/service-lifecycle';
export { PermanentFailure, TransientFailure, ValueOutOfBounds } from './consuming/permanent-failure';
export { classifyFailure, type FailureClass } from './consuming/failure-class';
export { backoffDelay } from '@voltlane/messaging';
export {
  RedriveHeader,
  redrivenForAnotherGroup,
  type DeadLetterFilter,
  type DeadLetterInput,
  type DeadLetters,
  type DeadLetterSink,
  type DeadLetterStatus,
  type DeadLetterView,
} from './consuming/dead-letter';
export {
  parkRecord,
  retryTransient,
  withFailurePolicy,
  TransientFailureExhausted,
  type FailurePolicyOptions,
  type RetryOptions,
} from './consuming/failure-policy';
export { DeadLetterStore } from './dead-letters/dead-letter-store';
export { definitiveAnswer, type DefinitiveAnswer } from './inbound/definitive-answer';
export { consume, READ_MODEL_BATCH_WINDOW_MS, type ConsumeOptions } from './consuming/consume';
export { TopicConsumer, type TopicRoute } from './consuming/topic-consumer';
export { GroupCommit } from './persistence/group-commit';
export { Batcher, type BatcherOptions } from './persistence/batcher';
export { RecentMap } from './memory/recent-map';
export { multiRowValues } from './persistence/multi-row-values';
export { rowsOf, type Queryable } from './persistence/sql-rows';
export { createFailuresTableSql } from './persistence/failures-table';
