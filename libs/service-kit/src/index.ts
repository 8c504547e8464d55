export { inboundCallContext, type InboundCallContext } from './inbound/inbound-call-context';
export { OcppCallError } from './inbound/ocpp-call-error';
export type { OcppCallHandler, OcppFrameObserver } from './inbound/ocpp-call-handler';
export { InboundDispatcher, type InboundDispatcherOptions } from './inbound/inbound-dispatcher';
export { openServiceDatabase, type ServiceDatabaseOptions } from './persistence/service-database';
export { loadServiceConfig, topicMap, type ServiceConfig, type TopicMap } from './runtime/service-config';
export { connectServicePorts, type ServicePorts } from './runtime/service-runtime';
export type { RunningService, ServiceStartOptions, StartService } from './runtime/running-service';
export { commandEventSink } from './runtime/command-event-sink';
