export { Topics, type TopicName } from './topics';
export { InboundHeader, inboundHeaders, type InboundMeta } from './inbound-headers';
export { ContractViolation, contractValidator } from './contract-validator';
export * from './reply-channel.contract';
export * from './station-connection.contract';
export { answeringService, actionsAnsweredBy, type AnsweringService } from './answering-services';
