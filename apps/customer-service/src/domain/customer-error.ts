/** Why a customer, token or local-list operation was refused; each transport maps these once. */
export enum CustomerErrorCode {
  CustomerNotFound = 'CUSTOMER_NOT_FOUND',
  TokenNotFound = 'TOKEN_NOT_FOUND',
  TokenAlreadyExists = 'TOKEN_ALREADY_EXISTS',
  InvalidInput = 'INVALID_INPUT',
  /** The station has no connection (registry) right now. */
  StationOffline = 'STATION_OFFLINE',
  /** The station's boot was not Accepted: the CSMS must not send it commands. */
  StationNotAccepted = 'STATION_NOT_ACCEPTED',
  /** A typed command for one OCPP version sent to a station speaking another. */
  ProtocolMismatch = 'PROTOCOL_MISMATCH',
}

export class CustomerError extends Error {
  constructor(readonly code: CustomerErrorCode, message: string) {
    super(message);
    this.name = 'CustomerError';
  }
}
