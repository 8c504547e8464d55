/** What is wrong with an allocator's (or helper's) input. Each transport maps these once. */
export enum EnergyInputErrorCode {
  /** The tree: no root or several, a missing parent, a cycle, a duplicate node id, a bad limit. */
  InvalidTree = 'InvalidTree',
  /** An external limit on an unknown node, or with a negative or non-finite value. */
  InvalidLimit = 'InvalidLimit',
  /** A session on an unknown node, with bad phases, negative currents or minA > maxA, or a duplicate id. */
  InvalidSession = 'InvalidSession',
  /** A fixed draw on an unknown node, with bad phases or a negative current. */
  InvalidFixedDraw = 'InvalidFixedDraw',
  /** Safety margin outside 0–100 %, voltage not positive, `now` not finite, or another bad argument. */
  InvalidSettings = 'InvalidSettings',
}

/** Thrown for input the allocator refuses; the message names the bad item (`subject`). */
export class EnergyInputError extends Error {
  constructor(
    readonly code: EnergyInputErrorCode,
    /** The bad item: a node, session, fixed draw or limit id, or a setting's name. */
    readonly subject: string,
    message: string,
  ) {
    super(message);
    this.name = 'EnergyInputError';
  }
}
