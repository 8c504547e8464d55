/**
 * Transaction-related messages: a station queues them and retries them after a CALLERROR or a
 * time-out, in order (OCPP 1.6 §4.10 TransactionMessageAttempts / RetryInterval; 2.0.1 E13,
 * OCPPCommCtrlr.MessageAttempts). Every other CALL a station sends is not retried, so a CALLERROR
 * on it loses what it carried.
 */
const TRANSACTION_MESSAGES: ReadonlySet<string> = new Set(['StartTransaction', 'StopTransaction', 'MeterValues', 'TransactionEvent']);

export function isTransactionMessage(action: string): boolean {
  return TRANSACTION_MESSAGES.has(action);
}
