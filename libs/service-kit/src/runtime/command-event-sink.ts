import type { CommandResultEnvelope, OcppCommandEvent } from '@voltlane/contracts';
import type { EventPublisher } from '@voltlane/messaging';

/** Publishes each command and its outcome on `ocpp.commands.v1` (key = station id). */
export function commandEventSink(
  publisher: EventPublisher,
  topic: string,
  sentBy: string,
): (result: CommandResultEnvelope, sentAt: Date) => Promise<void> {
  return async (result, sentAt) => {
    const event: OcppCommandEvent = {
      stationId: result.stationId,
      protocol: result.protocol ?? null,
      sentBy,
      sentAt: sentAt.toISOString(),
      answeredAt: new Date().toISOString(),
      result,
    };
    await publisher.publish({ topic, key: result.stationId, value: JSON.stringify(event) });
  };
}
