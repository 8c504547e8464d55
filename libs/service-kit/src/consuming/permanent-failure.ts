/**
 * A failure that no retry can cure: the record (or the station's CALL) carries a value the
 * service can never store or accept. The consumer answers it definitively and parks it as a dead
 * letter instead of retrying it.
 */
export class PermanentFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentFailure';
  }
}

/** A value outside what its column (or the domain) can hold: a number out of range, NUL in text, too long. */
export class ValueOutOfBounds extends PermanentFailure {
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super('ValueOutOfBounds', `${field} ${detail}`);
    this.name = 'ValueOutOfBounds';
  }
}

/**
 * A condition a later attempt can pass that no error class shows by itself: a row a concurrent
 * writer has not made visible yet, a race lost to another replica. Retried, then re-delivered.
 */
export class TransientFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientFailure';
  }
}
