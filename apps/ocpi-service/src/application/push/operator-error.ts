/** How the operator API answers an OperatorError (400, 404, 409). */
export type OperatorErrorKind = 'Invalid' | 'NotFound' | 'Conflict';

/**
 * A refusal of the push part's operator API (locations, pushes): its kind (→ HTTP status), a
 * stable `code` and the request field it is about, so that the problem says what is wrong.
 */
export class OperatorError extends Error {
  constructor(
    readonly kind: OperatorErrorKind,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}

export const invalid = (code: string, message: string, field?: string): OperatorError => new OperatorError('Invalid', code, message, field);
export const notFound = (code: string, message: string): OperatorError => new OperatorError('NotFound', code, message);
export const conflict = (code: string, message: string, field?: string): OperatorError =>
  new OperatorError('Conflict', code, message, field);
