import { isTransactionMessage } from './transaction-messages';

describe('isTransactionMessage', () => {
  it.each(['StartTransaction', 'StopTransaction', 'MeterValues', 'TransactionEvent'])('%s is retried by stations', (action) => {
    expect(isTransactionMessage(action)).toBe(true);
  });

  it.each(['StatusNotification', 'Heartbeat', 'Authorize', 'BootNotification', 'metervalues'])('%s is not', (action) => {
    expect(isTransactionMessage(action)).toBe(false);
  });
});
