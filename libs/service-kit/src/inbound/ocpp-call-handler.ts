import type { OcppVersion } from '@voltlane/ocpp';
import type { InboundCallContext } from './inbound-call-context';

/**
 * Answers one station→CSMS action, for the versions listed. The payload was validated against
 * the version's schema by the gateway. Returns the CALLRESULT payload, or throws OcppCallError.
 * Must be idempotent: delivery is at least once.
 */
export interface OcppCallHandler<Req = Record<string, unknown>, Res = Record<string, unknown>> {
  readonly action: string;
  readonly versions: readonly OcppVersion[];
  handle(payload: Req, context: InboundCallContext): Promise<Res>;
}

/** Consumes station frames it does not answer (e.g. meter data inside transaction messages). */
export interface OcppFrameObserver {
  /** Names the observer in logs and dead letters (default: its class name). */
  readonly name?: string;
  /** Actions to observe; '*' for every frame. */
  readonly actions: readonly string[] | '*';
  /**
   * false when the observer never reads the payload (it notes only that a frame came): a frame
   * that only such observers want is then not decoded, nor traced, by this service.
   */
  readonly readsPayload?: boolean;
  observe(payload: Record<string, unknown>, context: InboundCallContext): Promise<void>;
}
