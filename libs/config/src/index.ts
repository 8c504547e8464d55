export { ConfigError, EnvReader, type Env } from './env-reader';
export { infraConfig, type InfraConfig } from './infra-config';
