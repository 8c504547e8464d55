import { BillingErrorCode } from '@voltlane/billing-domain';
import { actionFor } from './billing-error-policy';

describe('billing error policy', () => {
  it.each(Object.values(BillingErrorCode))('maps %s to a dead letter', (code) => {
    expect(actionFor(code).action).toBe('dead-letter');
  });
});
