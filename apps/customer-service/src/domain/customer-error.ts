/** Why a customer or token operation was refused; each transport maps these once. */
export enum CustomerErrorCode {
  CustomerNotFound = 'CUSTOMER_NOT_FOUND',
  TokenNotFound = 'TOKEN_NOT_FOUND',
  TokenAlreadyExists = 'TOKEN_ALREADY_EXISTS',
  InvalidInput = 'INVALID_INPUT',
}

export class CustomerError extends Error {
  constructor(readonly code: CustomerErrorCode, message: string) {
    super(message);
    this.name = 'CustomerError';
  }
}
