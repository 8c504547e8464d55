import { BillingError, BillingErrorCode } from '@voltlane/billing-domain';
import { classifyFailure } from '@voltlane/service-kit';
import { classifyBillingFailure } from './billing-failure-class';

describe('billing failure class', () => {
  it.each(Object.values(BillingErrorCode))('parks %s as a permanent failure under its code', (code) => {
    expect(classifyBillingFailure(new BillingError(code, 'refused'))).toEqual({ kind: 'permanent', code, reason: 'refused' });
  });

  it('leaves every other error to the shared classification', () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyBillingFailure(unreachable)).toBeUndefined();
    expect(classifyFailure(unreachable).kind).toBe('transient');
  });
});
