export { ConfigError, EnvReader, type Env } from './env-reader';
export { infraConfig, type InfraConfig } from './infra-config';
export { exitOnStartFailure, runMain, stopOnSignals, type MainLogger, type MainProcess } from './process-main';
