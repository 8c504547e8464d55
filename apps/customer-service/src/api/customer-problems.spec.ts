import { CustomerError, CustomerErrorCode } from '../domain/customer-error';
import { customerErrorStatus, customerProblem } from './customer-problems';

describe('customer error → HTTP status', () => {
  it.each([
    [CustomerErrorCode.CustomerNotFound, 404],
    [CustomerErrorCode.TokenNotFound, 404],
    [CustomerErrorCode.TokenAlreadyExists, 409],
    [CustomerErrorCode.InvalidInput, 400],
  ])('%s → %i', (code, status) => {
    expect(customerErrorStatus(code).status).toBe(status);
  });

  it('maps every code', () => {
    for (const code of Object.values(CustomerErrorCode)) expect(() => customerErrorStatus(code)).not.toThrow();
  });

  it('carries the message and the code into the problem', () => {
    const problem = customerProblem(new CustomerError(CustomerErrorCode.TokenAlreadyExists, 'token X exists'));
    expect(problem).toMatchObject({ status: 409, title: 'Conflict', detail: 'token X exists', extra: { code: 'TOKEN_ALREADY_EXISTS' } });
  });
});
