import type { v16, v201, v21 } from '@voltlane/ocpp';

/** One OCPP 1.6 `meterValue` entry (MeterValues, StopTransaction.transactionData). */
export type MeterValue16 = v16.MeterValuesRequest['meterValue'][number];

/** One OCPP 2.0.1 / 2.1 `MeterValueType` (MeterValues, TransactionEvent.meterValue). */
export type MeterValue2x = v201.MeterValueType | v21.MeterValueType;
