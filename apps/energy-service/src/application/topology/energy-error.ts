/**
 * Why an operator's (or a topic record's) change is refused: `Invalid` (the request itself is
 * wrong), `NotFound` (it names a site, node or limit that does not exist), `Conflict` (it clashes
 * with what is stored). The API maps each to its status (400, 404, 409); a consumer parks the
 * record as a dead letter (`code` names the failure).
 */
export type EnergyErrorKind = 'Invalid' | 'NotFound' | 'Conflict';

export class EnergyError extends Error {
  constructor(
    readonly kind: EnergyErrorKind,
    /** A stable name of the rule (UnknownSite, StationInOtherSite …): the dead letter's code. */
    readonly code: string,
    message: string,
    /** The request field the problem is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'EnergyError';
  }
}

export const invalid = (code: string, message: string, field?: string): EnergyError => new EnergyError('Invalid', code, message, field);
export const notFound = (code: string, message: string): EnergyError => new EnergyError('NotFound', code, message);
export const conflict = (code: string, message: string, field?: string): EnergyError => new EnergyError('Conflict', code, message, field);
