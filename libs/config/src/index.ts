export { ConfigError, EnvReader, type Env, type EnvReaderOptions, type IntRange } from './env-reader';
export { infraConfig, readDatabaseUrl, readTopicSuffix, type InfraConfig } from './infra-config';
export {
  KAFKA_SASL_MECHANISMS,
  KAFKA_SECURITY_PROTOCOLS,
  readKafkaSecurity,
  type KafkaSasl,
  type KafkaSaslMechanism,
  type KafkaSecurity,
  type KafkaSecurityProtocol,
  type KafkaTls,
} from './kafka-security-config';
export { exitOnStartFailure, runMain, stopOnSignals, type MainLogger, type MainProcess } from './process-main';
export { recordVariableReads, type VariableDescription, type VariableDoc, type VariableKind, type VariableRead } from './variable-registry';
