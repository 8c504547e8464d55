import type { v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { ReservationRepository } from '../persistence/reservation.repository';

/** The station reports a reservation Expired or Removed (2.x). */
export class ReservationStatusUpdateHandler implements OcppCallHandler<v201.ReservationStatusUpdateRequest, Record<string, never>> {
  readonly action = 'ReservationStatusUpdate';
  readonly versions = ['ocpp2.0.1', 'ocpp2.1'] as const;

  constructor(private readonly reservations: ReservationRepository) {}

  async handle(payload: v201.ReservationStatusUpdateRequest, context: InboundCallContext): Promise<Record<string, never>> {
    await this.reservations.reportStatus(context.stationId, payload.reservationId, payload.reservationUpdateStatus);
    return {};
  }
}
