import type { OcppFrameObserver } from '@voltlane/service-kit';
import type { MeterSampleRecorder } from '../application/meter-sample-recorder';
import { startTransactionObserver } from './start-transaction.observer';
import { stopTransactionObserver } from './stop-transaction.observer';
import { transactionEventObserver } from './transaction-event.observer';

/** Frames the metering-service reads without answering them: meter data inside transaction messages. */
export function meteringObservers(recorder: MeterSampleRecorder): OcppFrameObserver[] {
  return [startTransactionObserver(recorder), stopTransactionObserver(recorder), transactionEventObserver(recorder)];
}
