import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

/** Routes NestJS's own log lines to the service's pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.logger.debug({ nest: rest }, String(message));
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.logger.error({ nest: rest }, String(message));
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.logger.warn({ nest: rest }, String(message));
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.logger.debug({ nest: rest }, String(message));
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.logger.trace({ nest: rest }, String(message));
  }
}
