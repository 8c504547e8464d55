import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { commandOwner, parseOcppCommandEvent, type OcppCommandEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { assertColumnBounds, TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import { deviceVariableKey } from '../domain/report-assembly';
import { isAuthorizationKey, isBasicAuthPassword } from '../domain/station-passwords';
import { ensureStation } from '../persistence/insert-ignore';
import { AvailabilityEntity } from '../persistence/availability.entity';
import { ConfigurationKeyEntity } from '../persistence/configuration-key.entity';
import { DeviceVariableEntity } from '../persistence/device-variable.entity';
import { StationCommandRecordEntity } from '../persistence/station-command-record.entity';
import type { CredentialService } from '../application/credential.service';
import { isLimitKey, isLimitVariable, type StationLimitsService } from '../application/station-limits.service';

type Json = Record<string, unknown>;

/** Actions whose answer is kept as a request record (linked to later status notifications). */
export const RECORDED_ACTIONS: ReadonlySet<string> = new Set([
  'UpdateFirmware',
  'SignedUpdateFirmware',
  'PublishFirmware',
  'UnpublishFirmware',
  'GetDiagnostics',
  'GetLog',
  'Reset',
  'CertificateSigned',
  'InstallCertificate',
  'DeleteCertificate',
  'GetInstalledCertificateIds',
]);

/** Where the device-model rows written from Get/SetVariables results say they came from. */
const VARIABLES_REQUEST_ID = -1;

interface ComponentVariable {
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
}

/** What a write-only value is stored as. */
const WRITE_ONLY = '(write-only)';

/** What an applied result may change outside the station schema: the station's Basic-auth password, its message limits (ADR 0017). */
export interface CommandResultEffects {
  credentials: CredentialService;
  limits: StationLimitsService;
}

/**
 * Applies the results of CSMS→station commands that `commandOwner()` gives the station-service,
 * whichever service or endpoint sent them (`ocpp.commands.v1`, own consumer group, from the
 * beginning). Every write is idempotent: upserts guarded by the answer time, records keyed by
 * the command's correlation id, so a re-delivered event changes nothing.
 */
export class CommandResultsConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly dataSource: DataSource,
    route: { groupId: string; topic: string },
    logger: Logger,
    private readonly effects: CommandResultEffects,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, { groupId: route.groupId, topics: [route.topic], stage: 'command-results' });
  }

  /** Parses and applies one record; a record that breaks the contract throws (the failure policy parks it). */
  protected async handle(message: BusMessage): Promise<void> {
    await this.apply(parseOcppCommandEvent(JSON.parse(message.value)));
  }

  /** Applies one command outcome (only answered commands of this service's actions change state). */
  async apply(event: OcppCommandEvent): Promise<void> {
    const { result } = event;
    const action = result.request.action;
    if (result.outcome !== 'result' || commandOwner(action) !== 'station-service') return;
    const request = result.request.payload;
    const response = result.payload ?? {};
    const at = new Date(event.answeredAt);
    let newPassword: string | undefined;
    await this.dataSource.transaction(async (m) => {
      await ensureStation(m, event.stationId);
      switch (action) {
        case 'GetConfiguration':
          return this.storeConfiguration(m, event.stationId, (response.configurationKey as Json[] | undefined) ?? [], at);
        case 'ChangeConfiguration':
          if (response.status === 'Accepted' || response.status === 'RebootRequired') {
            // AuthorizationKey is write-only (1.6 security whitepaper): never stored in clear.
            const secret = isAuthorizationKey(request.key);
            if (secret && typeof request.value === 'string') newPassword = request.value;
            await this.storeConfiguration(m, event.stationId, [{ key: request.key, value: secret ? null : request.value }], at, false);
          }
          return;
        case 'GetVariables':
          for (const entry of (response.getVariableResult as (ComponentVariable & Json)[] | undefined) ?? []) {
            if (entry.attributeStatus === 'Accepted' && typeof entry.attributeValue === 'string') {
              await this.storeVariable(
                m,
                event.stationId,
                entry,
                (entry.attributeType as string | undefined) ?? 'Actual',
                entry.attributeValue,
                at,
              );
            }
          }
          return;
        case 'SetVariables': {
          const asked = (request.setVariableData as (ComponentVariable & Json)[] | undefined) ?? [];
          for (const entry of (response.setVariableResult as (ComponentVariable & Json)[] | undefined) ?? []) {
            if (entry.attributeStatus !== 'Accepted' && entry.attributeStatus !== 'RebootRequired') continue;
            const type = (entry.attributeType as string | undefined) ?? 'Actual';
            const key = JSON.stringify(deviceVariableKey(entry));
            const data = asked.find(
              (d) => JSON.stringify(deviceVariableKey(d)) === key && ((d.attributeType as string | undefined) ?? 'Actual') === type,
            );
            if (!data || typeof data.attributeValue !== 'string') continue;
            if (isBasicAuthPassword(entry)) {
              // SecurityCtrlr.BasicAuthPassword is write-only: it becomes the station's new password.
              newPassword = data.attributeValue;
              await this.storeVariable(m, event.stationId, entry, type, WRITE_ONLY, at);
            } else {
              await this.storeVariable(m, event.stationId, entry, type, data.attributeValue, at);
            }
          }
          return;
        }
        case 'ChangeAvailability':
          if (response.status === 'Accepted' || response.status === 'Scheduled')
            await this.storeAvailability(m, event.stationId, request, String(response.status), at);
          return;
        default:
          if (RECORDED_ACTIONS.has(action)) await this.storeRecord(m, event);
      }
    });
    if (newPassword !== undefined) await this.rotatePassword(event.stationId, newPassword);
    if (reportsLimit(action, request, response)) await this.effects.limits.refresh(event.stationId);
  }

  /**
   * The station took `password`. The command path staged it before sending (the station may
   * reconnect with it at once); a command that was not (sent by an older instance) is staged now.
   * The old password is revoked only when the station connects with the new one.
   */
  private async rotatePassword(stationId: string, password: string): Promise<void> {
    const { credentials } = this.effects;
    if (await credentials.knowsPassword(stationId, password)) return;
    await credentials.stage(stationId, { password });
  }

  private async storeConfiguration(m: EntityManager, stationId: string, keys: Json[], at: Date, withReadonly = true): Promise<void> {
    for (const entry of keys) {
      if (typeof entry.key !== 'string') continue;
      const value = typeof entry.value === 'string' ? entry.value : null;
      // Raw upserts: the column-bounds subscriber does not see them, so each row is checked first.
      assertColumnBounds(m, ConfigurationKeyEntity, { stationId, key: entry.key, value, updatedAt: at });
      await m.query(
        `INSERT INTO configuration_key (station_id, key, value, readonly, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (station_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
           ${withReadonly ? ', readonly = EXCLUDED.readonly' : ''}
         WHERE configuration_key.updated_at <= EXCLUDED.updated_at`,
        [stationId, entry.key, value, entry.readonly === true, at],
      );
    }
  }

  private async storeVariable(
    m: EntityManager,
    stationId: string,
    ref: ComponentVariable,
    type: string,
    value: string,
    at: Date,
  ): Promise<void> {
    const key = deviceVariableKey(ref);
    const where = `station_id = $1 AND component_name = $2 AND component_instance = $3 AND evse_id = $4 AND connector_id = $5 AND variable_name = $6 AND variable_instance = $7`;
    const params = [
      stationId,
      key.componentName,
      key.componentInstance,
      key.evseId,
      key.connectorId,
      key.variableName,
      key.variableInstance,
    ];
    // The key is in a WHERE and the value inside the attributes jsonb: both checked before any SQL.
    assertColumnBounds(m, DeviceVariableEntity, {
      ...key,
      stationId,
      attributes: [{ type, value }],
      requestId: VARIABLES_REQUEST_ID,
      updatedAt: at,
    });
    await m.query(
      `INSERT INTO device_variable (station_id, component_name, component_instance, evse_id, connector_id, variable_name, variable_instance, attributes, request_id, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, '[]'::jsonb, $8, $9) ON CONFLICT DO NOTHING`,
      [...params, VARIABLES_REQUEST_ID, at],
    );
    const rows: { attributes: Json[]; updated_at: Date }[] = await m.query(
      `SELECT attributes, updated_at FROM device_variable WHERE ${where} FOR UPDATE`,
      params,
    );
    const row = rows[0];
    if (!row) return;
    const attributes = [...row.attributes];
    const index = attributes.findIndex((a) => ((a.type as string | undefined) ?? 'Actual') === type);
    if (index >= 0) {
      // A NotifyReport (or another result) written after this answer wins.
      if (attributes[index].value === value || row.updated_at > at) return;
      attributes[index] = { ...attributes[index], value };
    } else {
      attributes.push({ type, value });
    }
    await m.query(`UPDATE device_variable SET attributes = $8::jsonb, updated_at = GREATEST(updated_at, $9) WHERE ${where}`, [
      ...params,
      JSON.stringify(attributes),
      at,
    ]);
  }

  private async storeAvailability(m: EntityManager, stationId: string, request: Json, status: string, at: Date): Promise<void> {
    // 1.6: { connectorId, type: Operative|Inoperative }; 2.x: { operationalStatus, evse?: { id, connectorId? } }.
    const evse = request.evse as { id: number; connectorId?: number } | undefined;
    const evseId = typeof request.connectorId === 'number' ? 0 : (evse?.id ?? 0);
    const connectorId = typeof request.connectorId === 'number' ? request.connectorId : (evse?.connectorId ?? 0);
    const operational = (request.type ?? request.operationalStatus) as string;
    assertColumnBounds(m, AvailabilityEntity, {
      stationId,
      evseId,
      connectorId,
      operationalStatus: operational,
      responseStatus: status,
      updatedAt: at,
    });
    await m.query(
      `INSERT INTO availability (station_id, evse_id, connector_id, operational_status, response_status, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (station_id, evse_id, connector_id) DO UPDATE SET operational_status = EXCLUDED.operational_status,
         response_status = EXCLUDED.response_status, updated_at = EXCLUDED.updated_at
       WHERE availability.updated_at <= EXCLUDED.updated_at`,
      [stationId, evseId, connectorId, operational, status, at],
    );
  }

  private async storeRecord(m: EntityManager, event: OcppCommandEvent): Promise<void> {
    const { result } = event;
    const request = result.request.payload;
    const response = result.payload ?? {};
    const fileName = response.fileName ?? response.filename;
    const row = {
      stationId: event.stationId,
      correlationId: result.correlationId,
      action: result.request.action,
      protocol: event.protocol,
      requestId: typeof request.requestId === 'number' ? request.requestId : null,
      fileName: typeof fileName === 'string' ? fileName : null,
      status: typeof response.status === 'string' ? response.status : null,
      request,
      response,
      sentBy: event.sentBy,
      sentAt: new Date(event.sentAt),
      answeredAt: new Date(event.answeredAt),
    } satisfies Partial<Record<keyof StationCommandRecordEntity, unknown>>;
    assertColumnBounds(m, StationCommandRecordEntity, row);
    await m.query(
      `INSERT INTO station_command_record (station_id, correlation_id, action, protocol, request_id, file_name, status, request, response, sent_by, sent_at, answered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (correlation_id) DO NOTHING`,
      Object.values({ ...row, request: JSON.stringify(request), response: JSON.stringify(response) }),
    );
  }
}

/** Whether an answered command stored one of the station's message limits (ADR 0017). */
function reportsLimit(action: string, request: Json, response: Json): boolean {
  const entries = (field: unknown): (ComponentVariable & Json)[] => (Array.isArray(field) ? (field as (ComponentVariable & Json)[]) : []);
  switch (action) {
    case 'GetConfiguration':
      return entries(response.configurationKey).some((k) => isLimitKey(k.key));
    case 'ChangeConfiguration':
      return isLimitKey(request.key);
    case 'GetVariables':
      return entries(response.getVariableResult).some(isLimitVariable);
    case 'SetVariables':
      return entries(response.setVariableResult).some(isLimitVariable);
    default:
      return false;
  }
}
