import type { OcppVersion } from '@voltlane/ocpp';
import { OcppCallError, type OcppCallHandler } from '@voltlane/service-kit';
import type { Payload } from './versions';

/**
 * A station→CSMS action no Voltlane service implements yet (2.1 payments, V2X, DER, battery
 * swap, periodic event streams, …): answered with CALLERROR NotSupported (reference 1.5).
 */
export class NotSupportedHandler implements OcppCallHandler {
  constructor(
    readonly action: string,
    readonly versions: readonly OcppVersion[],
  ) {}

  async handle(): Promise<Payload> {
    throw new OcppCallError('NotSupported', `${this.action} is not supported by this CSMS yet`);
  }
}
