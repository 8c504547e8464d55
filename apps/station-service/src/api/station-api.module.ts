import { Module, type DynamicModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CommandFiles } from '../application/files/command-files';
import { FILES_API, type FilesApiDeps } from './files/files-api.deps';
import { FILES_CONTROLLERS } from './files/files-controllers';
import { ApiBaseUrl } from './files/public-base-url';
import type { StationServiceHandle } from '../station.service';
import { FAULT_API, type FaultApiDeps } from './fault-api.deps';
import { FaultApiQueries } from './fault-api.queries';
import { FaultsController, StationFaultsController } from './faults.controller';
import { MESSAGE_LOG_API, type MessageLogApiDeps } from './message-log-api.deps';
import { TYPED_COMMAND_SENDER, typedCommandControllers } from '@voltlane/api-kit';
import { OcppCommandsController } from './ocpp-commands.controller';
import { STATION_API, type StationApiDeps } from './station-api.deps';
import { CredentialRotation } from '../application/credential-rotation';
import { StationApiQueries } from './station-api.queries';
import { StationCommandService } from './station-command.service';
import { StationMessagesController } from './station-messages.controller';
import { StationsController } from './stations.controller';
import { SecurityProfileController } from './security-profile/security-profile.controller';

@Module({})
class StationApiModule {}

/**
 * The station-service's operator API (`/api/v1/stations/...`): resources it owns plus the generic
 * and typed OCPP command endpoints. Served by `startServiceHttpApi` (main.ts), the all-in-one
 * process and the end-to-end harness.
 */
export function stationApiModule(handle: StationServiceHandle): DynamicModule {
  const queries = new StationApiQueries(handle.dataSource);
  const baseUrl = new ApiBaseUrl(handle.files.config.publicUrl);
  const files = new CommandFiles(handle.files.uploads, handle.files.firmware, baseUrl.get);
  const filesDeps: FilesApiDeps = { files: handle.files, dataSource: handle.dataSource, stationExists: (id) => queries.exists(id) };
  const deps: StationApiDeps = {
    queries,
    stations: handle.stations,
    credentials: handle.credentials,
    policy: handle.policy,
    commands: new StationCommandService(
      handle.dataSource,
      { registry: handle.ports.registry, bootStatus: handle.ports.bootStatus, commands: handle.commands, limits: handle.ports.limits },
      files,
      new CredentialRotation(handle.credentials),
    ),
  };
  const faultDeps: FaultApiDeps = {
    queries: new FaultApiQueries(handle.dataSource),
    faults: handle.faults,
    stationExists: (id) => queries.exists(id),
  };
  const messageLogDeps: MessageLogApiDeps = { messages: handle.messageLog, stationExists: (id) => queries.exists(id) };
  return {
    module: StationApiModule,
    controllers: [
      StationsController,
      SecurityProfileController,
      OcppCommandsController,
      ...typedCommandControllers('station-service'),
      ...FILES_CONTROLLERS,
      FaultsController,
      StationFaultsController,
      StationMessagesController,
    ],
    providers: [
      { provide: STATION_API, useValue: deps },
      { provide: TYPED_COMMAND_SENDER, useValue: deps.commands.operator },
      { provide: FILES_API, useValue: filesDeps },
      { provide: FAULT_API, useValue: faultDeps },
      { provide: MESSAGE_LOG_API, useValue: messageLogDeps },
      // Without FILES_PUBLIC_URL, upload and firmware URLs use the address this API listens on.
      { provide: ApiBaseUrl, useFactory: (host: HttpAdapterHost) => (baseUrl.attach(host), baseUrl), inject: [HttpAdapterHost] },
    ],
  };
}
