import type { v16 } from '@voltlane/ocpp';
import type { OcppFrameObserver } from '@voltlane/service-kit';
import { normalizeMeterValues } from '@voltlane/metering-domain';
import type { MeterSampleRecorder } from '../application/meter-sample-recorder';
import { transactionRef16 } from './transaction-ref';

/** 1.6 StopTransaction (answered by the session-service): meterStop and transactionData. */
export function stopTransactionObserver(recorder: MeterSampleRecorder): OcppFrameObserver {
  return {
    actions: ['StopTransaction'],
    observe: async (payload, context) => {
      if (context.protocol !== 'ocpp1.6') return;
      const request = payload as unknown as v16.StopTransactionRequest;
      const transactionRef = transactionRef16(request.transactionId);
      // StopTransaction names no connector: use the one the transaction's samples were stored under.
      const { evseId } = transactionRef ? await recorder.evseOfTransaction(context.stationId, transactionRef) : { evseId: null };
      const samples = normalizeMeterValues('ocpp1.6', [
        { timestamp: request.timestamp, sampledValue: [{ value: String(request.meterStop), context: 'Transaction.End' }] },
        ...(request.transactionData ?? []),
      ]);
      await recorder.record(
        {
          stationId: context.stationId,
          protocol: context.protocol,
          action: 'StopTransaction',
          messageId: context.messageId,
          transactionRef,
          evseId,
          connectorId: null,
        },
        samples,
      );
    },
  };
}
