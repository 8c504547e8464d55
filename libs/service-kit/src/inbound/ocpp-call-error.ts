import type { RpcErrorName } from '@voltlane/ocpp';

/** Thrown by a handler to answer the CALL with a CALLERROR (spelled for the station's version). */
export class OcppCallError extends Error {
  constructor(
    readonly errorName: RpcErrorName,
    description: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(description);
    this.name = 'OcppCallError';
  }
}
