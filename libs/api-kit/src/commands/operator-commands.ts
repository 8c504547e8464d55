import type { CommandResultEnvelope } from '@voltlane/contracts';
import type { BootStatusStore, ConnectionRegistry, StationCommandClient, StationLimitStore } from '@voltlane/messaging';
import { actionInfo, allowsDirection, isOcppVersion, ocppValidator, type OcppVersion } from '@voltlane/ocpp';
import { ProblemError } from '../http/problem';
import { commandAllowed } from './command-policy';
import { commandResponse } from './command-result.http';
import { sendParts, type PartedResult } from './splitting/parted-send';
import { splitPlan } from './splitting/split-plan';

export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;

/** The HTTP answer of a command: the station's answer, plus ids the CSMS generated for it. */
export interface CommandAnswer {
  protocol: string | undefined;
  result: Record<string, unknown>;
  [generated: string]: unknown;
}

/** What a service needs to reach stations. */
export interface CommandPorts {
  registry: ConnectionRegistry;
  bootStatus: BootStatusStore;
  commands: StationCommandClient;
  /** The stations' message limits: list requests are split to fit them (ADR 0017). Absent: sent as given. */
  limits?: StationLimitStore;
}

/** A payload the service changes before it is sent (e.g. the upload URL of GetLog), with hooks around the send. */
export interface PreparedCommand {
  payload: Record<string, unknown>;
  beforeSend?(): Promise<void>;
  afterAnswer?(answer: Record<string, unknown> | undefined): Promise<void>;
}

export interface OperatorCommandsOptions {
  /** The protocol of a station the service has records of, connected or not (null: never connected); undefined: no such station → 404. Without it, a station that is not connected is 409. */
  knownStation?(stationId: string): Promise<{ protocol: string | null } | undefined>;
  /** Changes a payload before validation (station-service files). */
  prepare?(
    stationId: string,
    protocol: OcppVersion,
    action: string,
    payload: Record<string, unknown>,
  ): Promise<PreparedCommand | undefined>;
  /** Runs on every station answer before the HTTP answer is made (customer-service applies local lists). */
  onResult?(result: CommandResultEnvelope): Promise<void>;
}

/**
 * One operator command: `action` + `payload` as given, or `build` them for the station's version
 * (a friendly request such as remote start becomes RemoteStartTransaction or
 * RequestStartTransaction). `version`: the typed endpoint's version, 400 for a station of another.
 */
export type OperatorCommand = {
  stationId: string;
  version?: OcppVersion;
  timeoutMs?: number;
  /** Runs after every check, just before the send (to record what the answer will refer to). */
  beforeSend?(protocol: OcppVersion, action: string, payload: Record<string, unknown>): Promise<void>;
} & (
  | { action: string; payload: unknown }
  | { label: string; build(protocol: OcppVersion): { action: string; payload: Record<string, unknown> } }
);

const problem = (status: number, detail: string, code: string, extra: Record<string, unknown>): ProblemError =>
  new ProblemError(status, status === 400 ? 'Bad Request' : status === 404 ? 'Not Found' : 'Conflict', detail, { code, ...extra });

/**
 * The operator-command path of every service that sends CSMS→station commands (issue #16: one
 * path, not three). In order: look-up (404 unknown station; 409 protocol never known), version
 * of a typed endpoint (400), action of that version and sent by the CSMS (400), payload a JSON
 * object that fits the version's schema (400), station connected (409), boot status allows the
 * action (`commandAllowed`, 409), then the send and the station's answer as HTTP
 * (`commandResponse`: 200, 409 offline, 502 CALLERROR, 504 no answer, 429 queue full). A list
 * request longer than the station's limits allow is sent in parts, answered as one (ADR 0017).
 */
export class OperatorCommands {
  constructor(
    private readonly ports: CommandPorts,
    private readonly options: OperatorCommandsOptions = {},
  ) {}

  /** The protocol of a connected station (409 station-offline otherwise), for a payload built from it. */
  async connectedProtocol(stationId: string): Promise<OcppVersion> {
    const entry = await this.ports.registry.lookup(stationId);
    if (!entry || !isOcppVersion(entry.protocol))
      throw problem(409, `Station ${stationId} is not connected`, 'station-offline', { stationId });
    return entry.protocol;
  }

  /** The station's answer as the HTTP answer (throws a ProblemError otherwise). */
  async send(command: OperatorCommand): Promise<CommandAnswer> {
    return commandResponse(await this.sendForResult(command));
  }

  /** A typed endpoint's command: `action` with its official payload, for a station of `version` (400 protocol-mismatch for another). */
  sendTyped(
    version: OcppVersion,
    stationId: string,
    action: string,
    payload: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<CommandAnswer> {
    return this.send({ stationId, action, payload, version, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  }

  /** The station's answer as the command-result envelope (checks still throw ProblemErrors); a split request's is merged, with `parts`. */
  async sendForResult(command: OperatorCommand): Promise<PartedResult> {
    const { stationId } = command;
    const [known, entry] = await Promise.all([this.options.knownStation?.(stationId), this.ports.registry.lookup(stationId)]);
    if (this.options.knownStation && !known && !entry) throw problem(404, `No station ${stationId}`, 'station-not-found', { stationId });
    const protocol = entry?.protocol ?? known?.protocol ?? null;
    if (!protocol || !isOcppVersion(protocol)) {
      const detail = this.options.knownStation
        ? `Station ${stationId} is not connected and has never connected: its protocol version is unknown`
        : `Station ${stationId} is not connected`;
      throw problem(409, detail, 'station-offline', { stationId });
    }
    if (command.version && command.version !== protocol) {
      throw problem(
        400,
        `Station ${stationId} speaks ${protocol}, not ${command.version}: use the ${protocol} endpoint`,
        'protocol-mismatch',
        { stationId, protocol },
      );
    }
    let action: string;
    let payload: unknown;
    if ('build' in command) ({ action, payload } = command.build(protocol));
    else ({ action, payload } = command);
    const info = actionInfo(protocol, action);
    if (!info) throw problem(400, `${action} is not an action of ${protocol}`, 'unknown-action', { stationId, protocol });
    if (!allowsDirection(info, 'CsmsToStation'))
      throw problem(400, `${action} is sent by the station, not by the CSMS (${protocol})`, 'wrong-direction', { stationId, protocol });
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
      throw problem(400, 'Invalid body: the payload must be a JSON object', 'invalid-payload', { stationId, protocol });
    const prepared = await this.options.prepare?.(stationId, protocol, action, payload as Record<string, unknown>);
    const body = prepared?.payload ?? (payload as Record<string, unknown>);
    const valid = ocppValidator.validateRequest(protocol, action, body);
    if (!valid.ok)
      throw problem(400, `Invalid body: ${action} payload does not fit ${protocol}: ${valid.message}`, 'invalid-payload', {
        stationId,
        protocol,
        action,
        ocppError: valid.error,
      });
    if (!entry) throw problem(409, `Station ${stationId} is not connected`, 'station-offline', { stationId, protocol });
    const bootStatus = await this.ports.bootStatus.get(stationId);
    const gate = commandAllowed(bootStatus, action);
    if (!gate.allowed)
      throw problem(409, `${action} cannot be sent to station ${stationId}: ${gate.reason}`, 'boot-status', {
        stationId,
        protocol,
        bootStatus: bootStatus ?? null,
      });
    const split = await splitPlan(this.ports.limits, stationId, protocol, action, body);
    await command.beforeSend?.(protocol, action, body);
    await prepared?.beforeSend?.();
    const sendOne = async (part: Record<string, unknown>): Promise<CommandResultEnvelope> => {
      const answered = await this.ports.commands.send(stationId, action, part, {
        timeoutMs: command.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      });
      await this.options.onResult?.(answered);
      return answered;
    };
    const result = split ? await sendParts(split.request, body, split.parts, sendOne) : await sendOne(body);
    await prepared?.afterAnswer?.(result.outcome === 'result' ? (result.payload ?? {}) : undefined);
    return result;
  }
}
