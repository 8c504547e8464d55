import type { DataSource } from 'typeorm';
import { badRequest, commandResponse, conflict, notFound } from '@voltlane/api-kit';
import type { BootStatusStore, ConnectionRegistry, StationCommandClient } from '@voltlane/messaging';
import { actionInfo, allowsDirection, isOcppVersion, ocppValidator, type OcppVersion } from '@voltlane/ocpp';
import { commandAllowed } from '../domain/command-policy';
import type { CommandFiles } from '../files/command-files';
import { StationEntity } from '../entities/station.entity';

export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;

/**
 * Sends an operator's command to a station and turns the outcome into the HTTP answer
 * (`commandResponse`): checks, in order, that the station exists (404), that the action is a
 * CSMS→station action of the station's protocol version and the payload fits its schema (400;
 * a typed endpoint of another version is 400 too), that the station is connected (409) and that
 * its boot status allows the action (409, `commandAllowed`).
 */
export class StationCommandService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ConnectionRegistry,
    private readonly bootStatus: BootStatusStore,
    private readonly commands: StationCommandClient,
    /** Fills Voltlane's upload / firmware URLs into GetDiagnostics, GetLog and UpdateFirmware sent without one. */
    private readonly files?: CommandFiles,
  ) {}

  async send(
    stationId: string,
    action: string,
    payload: unknown,
    options: { version?: OcppVersion; timeoutMs?: number } = {},
  ): Promise<{ protocol: string | undefined; result: Record<string, unknown> }> {
    const [station, entry] = await Promise.all([
      this.dataSource.getRepository(StationEntity).findOne({ where: { id: stationId }, select: { id: true, protocol: true } }),
      this.registry.lookup(stationId),
    ]);
    if (!station && !entry) throw notFound(`No station ${stationId}`);
    const protocol = entry?.protocol ?? station?.protocol ?? null;
    if (!protocol || !isOcppVersion(protocol)) throw conflict(`Station ${stationId} is not connected and has never connected: its protocol version is unknown`, { stationId });
    if (options.version && options.version !== protocol) {
      throw badRequest(`Station ${stationId} speaks ${protocol}, not ${options.version}: use the ${protocol} endpoint`, { stationId, protocol });
    }
    const info = actionInfo(protocol, action);
    if (!info) throw badRequest(`${action} is not an action of ${protocol}`, { stationId, protocol });
    if (!allowsDirection(info, 'CsmsToStation')) throw badRequest(`${action} is sent by the station, not by the CSMS (${protocol})`, { stationId, protocol });
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw badRequest('Invalid body: the payload must be a JSON object', { stationId, protocol });
    const prepared = await this.files?.prepare(stationId, protocol, action, payload);
    if (prepared) payload = prepared.payload;
    const valid = ocppValidator.validateRequest(protocol, action, payload);
    if (!valid.ok) throw badRequest(`Invalid body: ${action} payload does not fit ${protocol}: ${valid.message}`, { stationId, protocol, ocppError: valid.error });
    if (!entry) throw conflict(`Station ${stationId} is not connected`, { stationId, protocol });
    const gate = commandAllowed(await this.bootStatus.get(stationId), action);
    if (!gate.allowed) throw conflict(`${action} cannot be sent to station ${stationId}: ${gate.reason}`, { stationId, protocol });
    await prepared?.beforeSend();
    const result = await this.commands.send(stationId, action, payload as Record<string, unknown>, { timeoutMs: options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS });
    await prepared?.afterAnswer(result.outcome === 'result' ? (result.payload ?? {}) : undefined);
    return commandResponse(result);
  }
}
