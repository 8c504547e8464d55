import type { v201 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp2Behaviour } from '../../ocpp201-behaviour';

/** ReserveNow / CancelReservation; expiry is reported with ReservationStatusUpdate. */
export const RESERVATION_HANDLERS: HandlerTable<Ocpp2Behaviour> = {
  ReserveNow(ctx, request) {
    const req = request as unknown as v201.ReserveNowRequest;
    const reply = (status: v201.ReserveNowResponse['status'], then?: () => void) =>
      answer({ status } satisfies v201.ReserveNowResponse, then);
    const evseId = req.evseId ?? 0;
    const connector = evseId === 0 ? ctx.engine.freeConnector(req.idToken.idToken) : ctx.connector(evseId);
    if (!connector) return reply(evseId === 0 ? 'Occupied' : 'Rejected');
    if (!connector.operative || !ctx.stationOperative) return reply('Unavailable');
    if (connector.session) return reply('Occupied');
    const existing = ctx.reservations.onConnector(connector.id);
    if (existing && existing.id !== req.id) return reply('Occupied');
    const expiresAt = Date.parse(req.expiryDateTime);
    if (!(expiresAt > ctx.station.now())) return reply('Rejected');
    return reply('Accepted', () => {
      ctx.reservations.put({
        id: req.id,
        connectorId: connector.id,
        idTag: req.idToken.idToken,
        expiresAt,
        ...(req.groupIdToken ? { parentIdTag: req.groupIdToken.idToken } : {}),
      });
      connector.reservationId = req.id;
      ctx.status(connector);
      ctx.station.scheduler.at(expiresAt, () => {
        if (connector.reservationId !== req.id) return;
        connector.reservationId = undefined;
        ctx.reservations.cancel(req.id);
        ctx.station.notify('ReservationStatusUpdate', {
          reservationId: req.id,
          reservationUpdateStatus: 'Expired',
        } satisfies v201.ReservationStatusUpdateRequest);
        ctx.status(connector);
      });
    });
  },

  CancelReservation(ctx, request) {
    const req = request as unknown as v201.CancelReservationRequest;
    const cancelled = ctx.reservations.cancel(req.reservationId);
    if (!cancelled) return answer({ status: 'Rejected' } satisfies v201.CancelReservationResponse);
    return answer({ status: 'Accepted' } satisfies v201.CancelReservationResponse, () => {
      const connector = ctx.connector(cancelled.connectorId);
      if (connector) {
        connector.reservationId = undefined;
        ctx.status(connector);
      }
    });
  },
};
