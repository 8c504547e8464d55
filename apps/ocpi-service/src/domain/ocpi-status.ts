/**
 * OCPI 2.2.1 status codes (the `status_code` of every response envelope) and the error every part
 * throws to answer one. 1xxx success, 2xxx client errors, 3xxx server errors (a partner's
 * platform failed us), 4xxx hub errors.
 */
export const OcpiStatus = {
  Success: 1000,
  ClientError: 2000,
  InvalidOrMissingParameters: 2001,
  NotEnoughInformation: 2002,
  UnknownLocation: 2003,
  UnknownToken: 2004,
  ServerError: 3000,
  UnableToUseClientApi: 3001,
  UnsupportedVersion: 3002,
  NoMatchingEndpoints: 3003,
  UnknownReceiver: 4001,
  TimeoutOnForwardedRequest: 4002,
  ConnectionProblem: 4003,
} as const;

export type OcpiStatusCode = (typeof OcpiStatus)[keyof typeof OcpiStatus];

/** Thrown anywhere in an OCPI request: answered as `{ status_code, status_message }` with `httpStatus`. */
export class OcpiError extends Error {
  constructor(
    readonly statusCode: OcpiStatusCode,
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
    this.name = 'OcpiError';
  }

  static badRequest(message: string): OcpiError {
    return new OcpiError(OcpiStatus.InvalidOrMissingParameters, 400, message);
  }

  static notFound(statusCode: OcpiStatusCode, message: string): OcpiError {
    return new OcpiError(statusCode, 404, message);
  }
}

/** The response envelope of every OCPI answer. */
export interface OcpiEnvelope<T = unknown> {
  data?: T;
  status_code: number;
  status_message?: string;
  timestamp: string;
}
