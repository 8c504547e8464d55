import type { v201, v21 } from '@voltlane/ocpp';
import type { OcppFrameObserver } from '@voltlane/service-kit';
import { normalizeMeterValues } from '@voltlane/metering-domain';
import type { MeterSampleRecorder } from '../application/meter-sample-recorder';

/** 2.x TransactionEvent (answered by the session-service): its meterValue, per transaction and EVSE. */
export function transactionEventObserver(recorder: MeterSampleRecorder): OcppFrameObserver {
  return {
    actions: ['TransactionEvent'],
    observe: async (payload, context) => {
      if (context.protocol === 'ocpp1.6') return;
      const request = payload as unknown as v201.TransactionEventRequest | v21.TransactionEventRequest;
      if (!request.meterValue || request.meterValue.length === 0) return;
      const transactionRef = request.transactionInfo.transactionId;
      // `evse` is only required in the first event of a transaction.
      const evse = request.evse
        ? { evseId: request.evse.id, connectorId: request.evse.connectorId ?? null }
        : await recorder.evseOfTransaction(context.stationId, transactionRef);
      await recorder.record(
        {
          stationId: context.stationId,
          protocol: context.protocol,
          action: 'TransactionEvent',
          messageId: context.messageId,
          transactionRef,
          evseId: evse.evseId,
          connectorId: evse.connectorId,
        },
        normalizeMeterValues(context.protocol, request.meterValue),
      );
    },
  };
}
