import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { parseStationConnectionEvent, type StationConnectionEvent } from '@voltlane/contracts';
import type { BusMessage, EventSubscriber, Subscription } from '@voltlane/messaging';
import { consume, type DeadLetterSink } from '@voltlane/service-kit';
import type { CredentialService } from './credential.service';
import { ensureStation } from './insert-ignore';

/**
 * Online state from the gateway's `stations.connections.v1` events. A Disconnected event counts
 * only for the station's latest connection: a station that reconnected stays online when the
 * close of its old socket arrives. A Connected event made with a pending credential
 * (`provedCredential`) completes its rotation: the old credential is revoked.
 */
export class ConnectionEventsConsumer {
  private subscription: Subscription | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriber: EventSubscriber,
    private readonly options: { groupId: string; topic: string; deadLetters: DeadLetterSink },
    private readonly logger: Logger,
    private readonly credentials?: CredentialService,
  ) {}

  async start(): Promise<void> {
    const { groupId, topic, deadLetters } = this.options;
    this.subscription = await consume({ subscriber: this.subscriber, groupId, topics: [topic], stage: 'connection-events', deadLetters, logger: this.logger }, (m) => this.handle(m));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Parses and applies one record; a record that breaks the contract throws (the failure policy parks it). */
  async handle(message: BusMessage): Promise<void> {
    await this.apply(parseStationConnectionEvent(JSON.parse(message.value)));
  }

  async apply(event: StationConnectionEvent): Promise<void> {
    const at = new Date(event.at);
    if (event.type === 'Connected' && event.provedCredential && this.credentials) {
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
        await m.query(
          `UPDATE station SET online = false, disconnected_at = $3, updated_at = now() WHERE id = $1 AND connection_id = $2`,
          [event.stationId, event.connectionId, at],
        );
      }
    });
  }
}
