import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { parseStationConnectionEvent, type StationConnectionEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { TopicConsumer, type ServicePorts } from '@voltlane/service-kit';
import type { CredentialService } from '../application/credential.service';
import { ensureStation } from '../persistence/insert-ignore';

/**
 * Online state from the gateway's `stations.connections.v1` events. A Disconnected event counts
 * only for the station's latest connection: a station that reconnected stays online when the
 * close of its old socket arrives. A Connected event made with a pending credential
 * (`provedCredential`) completes its rotation: the old credential is revoked.
 */
export class ConnectionEventsConsumer extends TopicConsumer {
  constructor(
    ports: Pick<ServicePorts, 'subscriber' | 'deadLetters'>,
    private readonly dataSource: DataSource,
    route: { groupId: string; topic: string },
    logger: Logger,
    private readonly credentials: CredentialService,
  ) {
    super(ports.subscriber, ports.deadLetters, logger, { groupId: route.groupId, topics: [route.topic], stage: 'connection-events' });
  }

  /** Parses and applies one record; a record that breaks the contract throws (the failure policy parks it). */
  protected async handle(message: BusMessage): Promise<void> {
    await this.apply(parseStationConnectionEvent(JSON.parse(message.value)));
  }

  async apply(event: StationConnectionEvent): Promise<void> {
    const at = new Date(event.at);
    if (event.type === 'Connected' && event.provedCredential) {
      // First, so a station recorded on its new profile has its old credential revoked. Idempotent:
      // a redelivered event finds the rotation done (or another one staged) and changes nothing.
      await this.credentials.promote(event.stationId, event.provedCredential);
    }
    await this.dataSource.transaction(async (m) => {
      await ensureStation(m, event.stationId);
      if (event.type === 'Connected') {
        // Ignores a Connected older than the one recorded (redelivery after a newer connection).
        await m.query(
          `UPDATE station SET online = true, connection_id = $2, gateway_instance = $3, protocol = $4, security_profile = $5,
             connected_at = $6, last_seen_at = GREATEST(last_seen_at, $6), updated_at = now()
           WHERE id = $1 AND (connected_at IS NULL OR connected_at <= $6)`,
          [event.stationId, event.connectionId, event.gatewayInstance, event.protocol, event.securityProfile, at],
        );
      } else {
        await m.query(`UPDATE station SET online = false, disconnected_at = $3, updated_at = now() WHERE id = $1 AND connection_id = $2`, [
          event.stationId,
          event.connectionId,
          at,
        ]);
      }
    });
  }
}
