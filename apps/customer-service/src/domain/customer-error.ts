/** Why a customer, token or local-list operation was refused; each transport maps these once. */
export enum CustomerErrorCode {
  CustomerNotFound = 'CUSTOMER_NOT_FOUND',
  TokenNotFound = 'TOKEN_NOT_FOUND',
  TokenAlreadyExists = 'TOKEN_ALREADY_EXISTS',
  InvalidInput = 'INVALID_INPUT',
}
// Station offline, boot status and protocol mismatch of a command are the shared operator-command
// path's problems (@voltlane/api-kit OperatorCommands: codes station-offline, boot-status, protocol-mismatch).

export class CustomerError extends Error {
  constructor(
    readonly code: CustomerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CustomerError';
  }
}
