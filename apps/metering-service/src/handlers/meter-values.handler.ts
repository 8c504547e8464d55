import type { v16, v201, v21 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import { normalizeMeterValues } from '@voltlane/metering-domain';
import type { MeterSampleRecorder } from '../application/meter-sample-recorder';
import type { SampleBatchOrigin } from '../domain/sample-batch';
import { transactionRef16 } from '../observers/transaction-ref';

/** MeterValues (1.6, 2.0.1, 2.1): store the samples exactly once, answer `{}`. */
export function meterValuesHandler(recorder: MeterSampleRecorder): OcppCallHandler {
  return {
    action: 'MeterValues',
    versions: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'],
    handle: async (payload, context) => {
      if (context.protocol === 'ocpp1.6') {
        const request = payload as unknown as v16.MeterValuesRequest;
        const origin = originOf(context, transactionRef16(request.transactionId), request.connectorId);
        await recorder.record(origin, normalizeMeterValues('ocpp1.6', request.meterValue));
      } else {
        const request = payload as unknown as v201.MeterValuesRequest | v21.MeterValuesRequest;
        await recorder.record(originOf(context, null, request.evseId), normalizeMeterValues(context.protocol, request.meterValue));
      }
      return {};
    },
  };
}

function originOf(context: InboundCallContext, transactionRef: string | null, evseId: number): SampleBatchOrigin {
  return {
    stationId: context.stationId,
    protocol: context.protocol,
    action: 'MeterValues',
    messageId: context.messageId,
    transactionRef,
    evseId,
    connectorId: null,
  };
}
