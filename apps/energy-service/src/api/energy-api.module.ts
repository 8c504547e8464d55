import { Module, type DynamicModule } from '@nestjs/common';
import type { EnergyServiceHandle } from '../energy.service';
import { AllocationsController } from './allocations.controller';
import { ENERGY_API } from './energy-api.deps';
import { EnergyProblemInterceptor } from './energy-problems';
import { LimitsController } from './limits.controller';
import { NodesController } from './nodes.controller';
import { PrioritiesController } from './priorities.controller';
import { SitesController } from './sites.controller';

@Module({})
class EnergyApiModule {}

/**
 * The energy-service's operator API for `startServiceHttpApi` / `startHttpApi`: sites, their trees,
 * measured loads and external limits, priorities, the live allocation and its history, and the
 * flagged stations (`/api/v1/energy/...`).
 */
export function energyApiModule(handle: EnergyServiceHandle): DynamicModule {
  return {
    module: EnergyApiModule,
    controllers: [SitesController, NodesController, LimitsController, AllocationsController, PrioritiesController],
    providers: [{ provide: ENERGY_API, useValue: handle.operations }, EnergyProblemInterceptor],
  };
}
