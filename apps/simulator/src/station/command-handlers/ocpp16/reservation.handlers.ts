import type { v16 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp16Behaviour } from '../../ocpp16-behaviour';

/** ReserveNow / CancelReservation; a reservation is consumed by the StartTransaction of its idTag. */
export const RESERVATION_HANDLERS: HandlerTable<Ocpp16Behaviour> = {
  ReserveNow(ctx, request) {
    const req = request as unknown as v16.ReserveNowRequest;
    const reply = (status: v16.ReserveNowResponse['status'], then?: () => void) =>
      answer({ status } satisfies v16.ReserveNowResponse, then);
    if (req.connectorId === 0 && !ctx.config.bool('ReserveConnectorZeroSupported')) return reply('Rejected');
    const connector = ctx.connector(req.connectorId);
    if (!connector) return reply('Rejected');
    if (!connector.operative || !ctx.stationOperative) return reply('Unavailable');
    if (connector.session) return reply('Occupied');
    const existing = ctx.reservations.onConnector(connector.id);
    if (existing && existing.id !== req.reservationId) return reply('Occupied');
    const expiresAt = Date.parse(req.expiryDate);
    if (!(expiresAt > ctx.station.now())) return reply('Rejected');
    return reply('Accepted', () => {
      ctx.reservations.put({
        id: req.reservationId,
        connectorId: connector.id,
        idTag: req.idTag,
        expiresAt,
        ...(req.parentIdTag ? { parentIdTag: req.parentIdTag } : {}),
      });
      connector.reservationId = req.reservationId;
      ctx.status(connector);
      ctx.station.scheduler.at(expiresAt, () => {
        if (connector.reservationId !== req.reservationId) return;
        connector.reservationId = undefined;
        ctx.reservations.cancel(req.reservationId);
        ctx.status(connector);
      });
    });
  },

  CancelReservation(ctx, request) {
    const req = request as unknown as v16.CancelReservationRequest;
    const cancelled = ctx.reservations.cancel(req.reservationId);
    if (!cancelled) return answer({ status: 'Rejected' } satisfies v16.CancelReservationResponse);
    return answer({ status: 'Accepted' } satisfies v16.CancelReservationResponse, () => {
      const connector = ctx.connector(cancelled.connectorId);
      if (connector) {
        connector.reservationId = undefined;
        ctx.status(connector);
      }
    });
  },
};
