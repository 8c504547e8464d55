/** What went wrong in a registration step, as the operator API and the OCPI answers need it. */
export type RegistrationErrorKind =
  /** No such partner (404). */
  | 'NotFound'
  /** The partner is not in a state that allows it (409 / OCPI 405). */
  | 'Conflict'
  /** The request itself is wrong (400). */
  | 'Invalid'
  /** The partner's platform could not be reached, or answered with an error or nonsense (OCPI 3001). */
  | 'PartnerFailed'
  /** The partner refused the token we called it with (HTTP 401/403). */
  | 'TokenRefused'
  /** The partner does not offer OCPI 2.2.1 (OCPI 3002). */
  | 'UnsupportedVersion'
  /** The partner offers no endpoints we can work with (OCPI 3003). */
  | 'NoMatchingEndpoints';

export class RegistrationError extends Error {
  constructor(
    readonly kind: RegistrationErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RegistrationError';
  }
}
