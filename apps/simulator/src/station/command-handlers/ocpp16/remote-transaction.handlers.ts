import type { v16 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp16Behaviour } from '../../ocpp16-behaviour';
import { profileFromV16 } from './smart-charging.handlers';

/** RemoteStartTransaction / RemoteStopTransaction: Accepted means a real session starts or stops. */
export const REMOTE_TRANSACTION_HANDLERS: HandlerTable<Ocpp16Behaviour> = {
  RemoteStartTransaction(ctx, request) {
    const req = request as unknown as v16.RemoteStartTransactionRequest;
    // 1.6: no remote start while the Boot is not Accepted.
    if (ctx.station.bootState !== 'Accepted') return answer({ status: 'Rejected' });
    const connector = req.connectorId !== undefined ? ctx.connector(req.connectorId) : ctx.engine.freeConnector(req.idTag);
    if (!connector || !ctx.stationOperative || !ctx.engine.canStart(connector, req.idTag)) return answer({ status: 'Rejected' });
    const profile = req.chargingProfile;
    if (profile && (profile.chargingProfilePurpose !== 'TxProfile' || profile.transactionId !== undefined))
      return answer({ status: 'Rejected' });
    return answer({ status: 'Accepted' } satisfies v16.RemoteStartTransactionResponse, () => {
      if (!ctx.engine.start({ connectorId: connector.id, idTag: req.idTag, preAuthorized: true })) return;
      if (profile) ctx.profiles.install(profileFromV16(connector.id, profile, ctx.station.now()));
    });
  },

  RemoteStopTransaction(ctx, request) {
    const req = request as unknown as v16.RemoteStopTransactionRequest;
    const session = ctx.engine.byTransactionId(req.transactionId);
    if (!session) return answer({ status: 'Rejected' } satisfies v16.RemoteStopTransactionResponse);
    return answer({ status: 'Accepted' }, () => void ctx.engine.stop(session.connectorId, 'Remote'));
  },
};
