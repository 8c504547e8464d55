import type { DynamicModule } from '@nestjs/common';
import type { RunningService } from '@voltlane/service-kit';

/** Builds a service's operator API module from the running service (its handle). */
export type ApiModuleFactory = (running: RunningService) => DynamicModule;
