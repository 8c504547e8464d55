import { DEFAULT_TOKEN_TYPE, tokenKey, type IdTokenRef } from '@voltlane/authorization';
import { commandOwner, type CommandResultEnvelope } from '@voltlane/contracts';
import { OperatorCommands, type CommandPorts } from '@voltlane/api-kit';
import { isOcppVersion, type OcppVersion } from '@voltlane/ocpp';
import type { LocalListRepository, StoredLocalList } from '../persistence/local-list.repository';
import type { TokenRepository } from '../persistence/token.repository';
import { CustomerError, CustomerErrorCode } from '../domain/customer-error';
import {
  applyUpdate,
  diffEntries,
  entryOf,
  fitsProtocol,
  isUsableListVersion,
  readReportedVersion,
  readSendLocalList,
  removalOf,
  sendLocalListRequest,
  uniqueEntries,
  type LocalListEntry,
  type UpdateType,
} from '../domain/local-list';
import { tokenSnapshot } from '../domain/token-snapshot';

/** The customer-owned CSMS→station actions. */
export const LOCAL_LIST_ACTIONS = ['SendLocalList', 'GetLocalListVersion', 'ClearCache'] as const;
export type LocalListAction = (typeof LOCAL_LIST_ACTIONS)[number];

export interface SendLocalListInput {
  updateType: UpdateType;
  /** Default: the stored version + 1. */
  versionNumber?: number;
  /**
   * Stored tokens to send (instead of every listable one). In a Differential update `remove: true`
   * removes a token from the station's list.
   */
  tokens?: { idToken: string; type?: string; remove?: boolean }[];
  /** Only the tokens of this group (1.6 parentIdTag / 2.x groupIdToken). */
  groupIdToken?: IdTokenRef;
}

export type StationPorts = CommandPorts;

export interface CommandOptions {
  timeoutMs?: number;
}

/**
 * Local authorization lists and the authorization cache of stations: builds a SendLocalList from
 * the stored tokens in the station's version, sends the customer-owned commands, and applies
 * their results (whoever sent them) to the stored list: once per command (correlation id).
 */
export class LocalListService {
  /** The shared operator-command path; every answer is applied to the stored list before the HTTP answer. */
  private readonly operator: OperatorCommands;

  constructor(
    private readonly tokens: TokenRepository,
    private readonly lists: LocalListRepository,
    station: StationPorts,
    private readonly clock: () => Date = () => new Date(),
  ) {
    // Applied here too so that the HTTP answer shows the new state; the ocpp.commands.v1 consumer then finds it applied.
    this.operator = new OperatorCommands(station, { onResult: async (result) => void (await this.apply(result, this.clock())) });
  }

  /** What the CSMS knows of the station's list. */
  stored(stationId: string): Promise<StoredLocalList> {
    return this.lists.find(stationId);
  }

  /** SendLocalList built from the stored tokens; the result is applied before this resolves. */
  async sendLocalList(stationId: string, input: SendLocalListInput, options: CommandOptions = {}): Promise<CommandResultEnvelope> {
    const protocol = await this.operator.connectedProtocol(stationId);
    const stored = await this.lists.find(stationId);
    const version = input.versionNumber ?? stored.version + 1;
    if (!isUsableListVersion(version)) invalid('versionNumber must be an integer of at least 1 (0 and -1 are reserved)');
    const entries = await this.entriesFor(protocol, stored, input);
    return this.send(stationId, 'SendLocalList', sendLocalListRequest(protocol, input.updateType, version, entries), {
      ...options,
      version: protocol,
    });
  }

  getLocalListVersion(stationId: string, options: CommandOptions = {}): Promise<CommandResultEnvelope> {
    return this.send(stationId, 'GetLocalListVersion', {}, options);
  }

  clearCache(stationId: string, options: CommandOptions = {}): Promise<CommandResultEnvelope> {
    return this.send(stationId, 'ClearCache', {}, options);
  }

  /** A typed command as given; refused (400) when the station speaks another version. */
  sendTyped(
    version: OcppVersion,
    stationId: string,
    action: LocalListAction,
    payload: Record<string, unknown>,
    options: CommandOptions = {},
  ): Promise<CommandResultEnvelope> {
    return this.send(stationId, action, payload, { ...options, version });
  }

  /**
   * Applies a customer-owned command result to the stored list. SendLocalList Accepted sets the
   * version and content; any other status is recorded with the version unchanged;
   * GetLocalListVersion stores the reported version. Idempotent: false when already applied.
   */
  async apply(result: CommandResultEnvelope, answeredAt: Date): Promise<boolean> {
    const action = result.request.action;
    if (commandOwner(action) !== 'customer-service' || result.outcome !== 'result' || !result.protocol || !isOcppVersion(result.protocol))
      return false;
    const protocol = result.protocol;
    const answer = result.payload ?? {};
    const status = typeof answer.status === 'string' ? answer.status : null;
    if (action === 'SendLocalList') {
      const sent = readSendLocalList(protocol, result.request.payload);
      return this.lists.applyOnce(
        { correlationId: result.correlationId, stationId: result.stationId, action, status, listVersion: sent.version, answeredAt },
        (list) => {
          const recorded = {
            lastStatus: status,
            lastUpdateType: sent.updateType,
            lastRequestedVersion: sent.version,
            lastCommandAt: answeredAt,
          };
          if (status !== 'Accepted' || sent.version === null) return recorded;
          const current = list.protocol === protocol ? list.entries : [];
          return { ...recorded, protocol, version: sent.version, entries: applyUpdate(protocol, current, sent.updateType, sent.entries) };
        },
      );
    }
    if (action === 'GetLocalListVersion') {
      const reported = readReportedVersion(protocol, answer);
      return this.lists.applyOnce(
        { correlationId: result.correlationId, stationId: result.stationId, action, status: null, listVersion: reported, answeredAt },
        (list) => {
          if (reported === null) return null;
          const known = { reportedVersion: reported, reportedAt: answeredAt };
          if (reported < 0) return known;
          // 0: the station's list is empty. Another version than stored: the content is not known.
          const entries = reported === 0 ? [] : reported === list.version ? list.entries : [];
          return { ...known, version: reported, entries, protocol };
        },
      );
    }
    // ClearCache changes nothing the CSMS stores; recorded so a replay is a no-op too.
    return this.lists.applyOnce(
      { correlationId: result.correlationId, stationId: result.stationId, action, status, listVersion: null, answeredAt },
      () => null,
    );
  }

  private send(
    stationId: string,
    action: LocalListAction,
    payload: Record<string, unknown>,
    options: CommandOptions & { version?: OcppVersion },
  ): Promise<CommandResultEnvelope> {
    return this.operator.sendForResult({
      stationId,
      action,
      payload,
      ...(options.version ? { version: options.version } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
  }

  private async entriesFor(protocol: OcppVersion, stored: StoredLocalList, input: SendLocalListInput): Promise<LocalListEntry[]> {
    const now = this.clock();
    if (input.tokens) {
      const entries: LocalListEntry[] = [];
      for (const wanted of input.tokens) {
        const ref = { idToken: wanted.idToken, type: wanted.type ?? DEFAULT_TOKEN_TYPE };
        if (!fitsProtocol(protocol, ref)) invalid(`token ${tokenKey(ref)} cannot be in a ${protocol} local list`);
        if (wanted.remove) {
          if (input.updateType === 'Full') invalid('remove is only allowed in a Differential update');
          entries.push(removalOf(protocol, ref));
          continue;
        }
        const token = await this.tokens.findToken(tokenKey(ref));
        if (!token) throw new CustomerError(CustomerErrorCode.TokenNotFound, `token ${tokenKey(ref)} not found`);
        const entry = entryOf(protocol, tokenSnapshot(token), now);
        if (entry) entries.push(entry);
      }
      return uniqueEntries(protocol, entries);
    }
    const desired = uniqueEntries(
      protocol,
      (await this.tokens.findListableTokens(now, input.groupIdToken)).flatMap((t): LocalListEntry[] => {
        const entry = entryOf(protocol, tokenSnapshot(t), now);
        return entry ? [entry] : [];
      }),
    );
    if (input.updateType === 'Full') return desired;
    const current = stored.protocol === protocol ? stored.entries : [];
    return diffEntries(protocol, current, desired);
  }
}

function invalid(message: string): never {
  throw new CustomerError(CustomerErrorCode.InvalidInput, message);
}
