import { Module, type DynamicModule } from '@nestjs/common';
import type { StationServiceHandle } from '../start-station-service';
import { typedCommandControllers, OcppCommandsController } from './ocpp-commands.controller';
import { STATION_API, type StationApiDeps } from './station-api.deps';
import { StationApiQueries } from './station-api.queries';
import { StationCommandService } from './station-command.service';
import { StationsController } from './stations.controller';

@Module({})
class StationApiModule {}

/**
 * The station-service's operator API (`/api/v1/stations/...`): resources it owns plus the generic
 * and typed OCPP command endpoints. Served by `startServiceHttpApi` (main.ts), the all-in-one
 * process and the end-to-end harness.
 */
export function stationApiModule(handle: StationServiceHandle): DynamicModule {
  const deps: StationApiDeps = {
    queries: new StationApiQueries(handle.dataSource),
    stations: handle.stations,
    credentials: handle.credentials,
    policy: handle.policy,
    commands: new StationCommandService(handle.dataSource, handle.ports.registry, handle.ports.bootStatus, handle.commands),
  };
  return {
    module: StationApiModule,
    controllers: [StationsController, OcppCommandsController, ...typedCommandControllers()],
    providers: [{ provide: STATION_API, useValue: deps }],
  };
}
