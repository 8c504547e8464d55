import { badRequest, notFound } from '@voltlane/api-kit';
import type { OcppVersion } from '@voltlane/ocpp';
import type { FirmwareImagesService } from './firmware-images.service';
import type { StationUploadsService } from './station-uploads.service';

type Json = Record<string, unknown>;

/** A command whose payload Voltlane completed with its own file URLs. */
export interface PreparedCommand {
  payload: Json;
  /** Called once every check has passed, just before the command is sent. */
  beforeSend(): Promise<void>;
  /** Called with the station's CALLRESULT payload, or undefined when there was none (offline, timeout, CALLERROR). */
  afterAnswer(result: Json | undefined): Promise<void>;
}

/** Where the file endpoints are reached from stations (FILES_PUBLIC_URL or the API's own address). */
export type PublicBaseUrl = () => string;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Fills Voltlane's own URLs into commands an operator sends without one: GetDiagnostics without
 * `location` and GetLog without `log.remoteLocation` get an upload slot's URL; UpdateFirmware and
 * SignedUpdateFirmware with `firmwareId` (instead of a location) get the image's download URL and,
 * when not given, a retrieve date of now. Other commands pass through (undefined).
 */
export class CommandFiles {
  constructor(
    private readonly uploads: StationUploadsService,
    private readonly firmware: FirmwareImagesService,
    private readonly baseUrl: PublicBaseUrl,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async prepare(stationId: string, protocol: OcppVersion, action: string, payload: unknown): Promise<PreparedCommand | undefined> {
    if (!isObject(payload)) return undefined;
    switch (action) {
      case 'GetDiagnostics':
        return payload.location === undefined
          ? this.upload(stationId, 'diagnostics', null, (url) => ({ ...payload, location: url }))
          : undefined;
      case 'GetLog': {
        const log = isObject(payload.log) ? payload.log : undefined;
        if (log?.remoteLocation !== undefined) return undefined;
        const requestId = typeof payload.requestId === 'number' ? payload.requestId : null;
        return this.upload(stationId, 'log', requestId, (url) => ({ ...payload, log: { ...(log ?? {}), remoteLocation: url } }));
      }
      case 'UpdateFirmware':
      case 'SignedUpdateFirmware':
        return payload.firmwareId === undefined ? undefined : this.firmwareCommand(protocol, action, payload);
      default:
        return undefined;
    }
  }

  private upload(stationId: string, kind: 'diagnostics' | 'log', requestId: number | null, fill: (url: string) => Json): PreparedCommand {
    const slot = this.uploads.newSlot(stationId, kind, requestId, this.baseUrl());
    return {
      payload: fill(slot.url),
      beforeSend: () => slot.save(),
      afterAnswer: async (result) => {
        if (!result) return this.uploads.recordAnswer(slot.id, { accepted: false, status: 'NoAnswer' });
        const fileName =
          typeof result.fileName === 'string' ? result.fileName : typeof result.filename === 'string' ? result.filename : undefined;
        // 1.6 GetDiagnostics answers only a fileName (none: no diagnostics available); GetLog answers a status.
        const status = typeof result.status === 'string' ? result.status : fileName !== undefined ? 'Accepted' : 'NoFile';
        return this.uploads.recordAnswer(slot.id, { accepted: status === 'Accepted' || status === 'AcceptedCanceled', status, fileName });
      },
    };
  }

  private async firmwareCommand(protocol: OcppVersion, action: string, payload: Json): Promise<PreparedCommand> {
    const { firmwareId, ...rest } = payload;
    if (typeof firmwareId !== 'string' || !/^[0-9a-f-]{36}$/i.test(firmwareId))
      throw badRequest('Invalid body: firmwareId must be the id of an uploaded firmware image (GET /api/v1/firmware)');
    const image = await this.firmware.get(firmwareId);
    if (!image) throw notFound(`No firmware image ${firmwareId}`);
    const location = this.firmware.downloadUrl(image, this.baseUrl());
    const now = this.clock().toISOString();
    let filled: Json;
    if (protocol === 'ocpp1.6' && action === 'UpdateFirmware') {
      if (rest.location !== undefined) throw badRequest('Invalid body: give either firmwareId or location, not both');
      filled = { ...rest, location, retrieveDate: rest.retrieveDate ?? now };
    } else {
      const firmware = isObject(rest.firmware) ? rest.firmware : {};
      if (firmware.location !== undefined) throw badRequest('Invalid body: give either firmwareId or firmware.location, not both');
      filled = { ...rest, firmware: { ...firmware, location, retrieveDateTime: firmware.retrieveDateTime ?? now } };
    }
    return { payload: filled, beforeSend: async () => undefined, afterAnswer: async () => undefined };
  }
}
