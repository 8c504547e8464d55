import type { DataSource } from 'typeorm';
import { OperatorCommands, type CommandAnswer, type CommandPorts } from '@voltlane/api-kit';
import type { OcppVersion } from '@voltlane/ocpp';
import type { CommandFiles } from '../application/files/command-files';
import type { CredentialRotation } from '../application/credential-rotation';
import { StationEntity } from '../persistence/station.entity';

/**
 * The station-service's operator commands: the shared path (`OperatorCommands`: look-up, boot
 * policy, validation, send, HTTP answer) with what only this service knows — the stations it has
 * records of (404 for others, the protocol of one that is offline), Voltlane's upload /
 * firmware URLs filled into GetDiagnostics, GetLog and UpdateFirmware sent without one, and a new
 * Basic-auth password staged as the station's pending credential before it is sent.
 */
export class StationCommandService {
  /** The shared path with this service's look-up and preparation; also the sender of the station-owned typed endpoints. */
  readonly operator: OperatorCommands;

  constructor(dataSource: DataSource, ports: CommandPorts, files?: CommandFiles, rotation?: CredentialRotation) {
    this.operator = new OperatorCommands(ports, {
      knownStation: async (stationId) => {
        const station = await dataSource
          .getRepository(StationEntity)
          .findOne({ where: { id: stationId }, select: { id: true, protocol: true } });
        return station ? { protocol: station.protocol ?? null } : undefined;
      },
      prepare: async (stationId, protocol, action, payload) =>
        (await files?.prepare(stationId, protocol, action, payload)) ?? (await rotation?.prepare(stationId, protocol, action, payload)),
    });
  }

  /** Any CSMS→station action of the station's version (the generic endpoint). */
  send(
    stationId: string,
    action: string,
    payload: unknown,
    options: { version?: OcppVersion; timeoutMs?: number } = {},
  ): Promise<CommandAnswer> {
    return this.operator.send({ stationId, action, payload, ...options });
  }
}
