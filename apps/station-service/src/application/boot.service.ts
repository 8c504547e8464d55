import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { BootStatusStore } from '@voltlane/messaging';
import { assertColumnBounds, type InboundCallContext } from '@voltlane/service-kit';
import { decideBoot, type BootDecision, type BootPolicyConfig } from '../domain/boot-policy';
import { BootNotificationEntity } from '../persistence/boot-notification.entity';
import { StationEntity } from '../persistence/station.entity';
import { insertIgnore, lockStation } from '../persistence/insert-ignore';

/** What a BootNotification says about the station, the same for every version. */
export interface StationIdentity {
  vendor: string;
  model: string;
  serialNumber?: string;
  firmwareVersion?: string;
  iccid?: string;
  imsi?: string;
  meterType?: string;
  meterSerialNumber?: string;
}

/** Registers booting stations, decides their boot status and hands it to the gateway. */
export class BootService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bootStatus: BootStatusStore,
    private readonly config: BootPolicyConfig,
    private readonly logger: Logger,
  ) {}

  async boot(
    context: InboundCallContext,
    identity: StationIdentity,
    reason: string | undefined,
    payload: Record<string, unknown>,
  ): Promise<BootDecision> {
    const described = {
      vendor: identity.vendor,
      model: identity.model,
      serialNumber: identity.serialNumber ?? null,
      firmwareVersion: identity.firmwareVersion ?? null,
      iccid: identity.iccid ?? null,
      imsi: identity.imsi ?? null,
      meterType: identity.meterType ?? null,
      meterSerialNumber: identity.meterSerialNumber ?? null,
    };
    // Refused before the station row is locked (the writes below are checked again by TypeORM).
    assertColumnBounds(this.dataSource, StationEntity, { ...described, bootReason: reason });
    assertColumnBounds(this.dataSource, BootNotificationEntity, { payload });
    const decision = await this.dataSource.transaction(async (m) => {
      const station = await lockStation(m, context.stationId);
      const repo = m.getRepository(StationEntity);
      const decided = decideBoot({ policy: station.bootPolicy, provisioned: station.provisioned }, this.config);
      await repo.update(
        { id: context.stationId },
        {
          ...(decided.registerWith ? { bootPolicy: decided.registerWith } : {}),
          bootStatus: decided.status,
          bootReason: reason ?? null,
          lastBootAt: context.receivedAt,
          protocol: context.protocol,
          ...described,
          updatedAt: new Date(),
        },
      );
      await insertIgnore(m, BootNotificationEntity, {
        stationId: context.stationId,
        protocol: context.protocol,
        reason: reason ?? null,
        status: decided.status,
        payload,
        receivedAt: context.receivedAt,
        connectionId: context.connectionId,
        messageId: context.messageId,
      });
      return decided;
    });
    // The gateway answers every other CALL with SecurityError until this says Accepted.
    await this.bootStatus.set(context.stationId, decision.status);
    this.logger.info({ stationId: context.stationId, status: decision.status, registered: decision.registerWith !== null }, 'boot decided');
    return decision;
  }
}
