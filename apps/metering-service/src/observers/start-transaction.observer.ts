import type { v16 } from '@voltlane/ocpp';
import type { OcppFrameObserver } from '@voltlane/service-kit';
import { normalizeMeterValues } from '@voltlane/metering-domain';
import type { MeterSampleRecorder } from '../application/meter-sample-recorder';

/**
 * 1.6 StartTransaction (answered by the session-service): meterStart is a Transaction.Begin
 * register reading in Wh. The transactionId is assigned in the answer, so the reading is stored
 * on the connector outside any transaction and matched to it by connector and time.
 */
export function startTransactionObserver(recorder: MeterSampleRecorder): OcppFrameObserver {
  return {
    actions: ['StartTransaction'],
    observe: async (payload, context) => {
      if (context.protocol !== 'ocpp1.6') return;
      const request = payload as unknown as v16.StartTransactionRequest;
      const samples = normalizeMeterValues('ocpp1.6', [
        { timestamp: request.timestamp, sampledValue: [{ value: String(request.meterStart), context: 'Transaction.Begin' }] },
      ]);
      await recorder.record(
        {
          stationId: context.stationId,
          protocol: context.protocol,
          action: 'StartTransaction',
          messageId: context.messageId,
          transactionRef: null,
          evseId: request.connectorId,
          connectorId: null,
        },
        samples,
      );
    },
  };
}
