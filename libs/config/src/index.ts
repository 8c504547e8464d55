export { ConfigError, EnvReader, type Env, type EnvReaderOptions, type IntRange } from './env-reader';
export { infraConfig, readDatabaseUrl, readTopicSuffix, type InfraConfig } from './infra-config';
export { exitOnStartFailure, runMain, stopOnSignals, type MainLogger, type MainProcess } from './process-main';
export { recordVariableReads, type VariableDescription, type VariableDoc, type VariableKind, type VariableRead } from './variable-registry';
