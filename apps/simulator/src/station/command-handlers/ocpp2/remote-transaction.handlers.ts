import type { v201 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp2Behaviour } from '../../ocpp201-behaviour';
import { profileFromV2 } from './smart-charging.handlers';

/** RequestStartTransaction (remoteStartId echoed in the Started event) / RequestStopTransaction. */
export const REMOTE_TRANSACTION_HANDLERS: HandlerTable<Ocpp2Behaviour> = {
  RequestStartTransaction(ctx, request) {
    const req = request as unknown as v201.RequestStartTransactionRequest;
    const reject = () => answer({ status: 'Rejected' } satisfies v201.RequestStartTransactionResponse);
    if (ctx.station.bootState !== 'Accepted' || !ctx.stationOperative) return reject();
    const idTag = req.idToken.idToken;
    const connector = req.evseId !== undefined ? ctx.connector(req.evseId) : ctx.engine.freeConnector(idTag);
    if (!connector || !ctx.engine.canStart(connector, idTag)) return reject();
    const profile = req.chargingProfile;
    if (profile && (profile.chargingProfilePurpose !== 'TxProfile' || profile.transactionId !== undefined)) return reject();
    return answer({ status: 'Accepted' } satisfies v201.RequestStartTransactionResponse, () => {
      if (!ctx.engine.start({ connectorId: connector.id, idTag, remoteStartId: req.remoteStartId, preAuthorized: true })) return;
      if (profile) ctx.profiles.install(profileFromV2(connector.id, profile, ctx.station.now()));
    });
  },

  RequestStopTransaction(ctx, request) {
    const req = request as unknown as v201.RequestStopTransactionRequest;
    const session = ctx.engine.byTransactionId(req.transactionId);
    if (!session) return answer({ status: 'Rejected' } satisfies v201.RequestStopTransactionResponse);
    return answer(
      { status: 'Accepted' } satisfies v201.RequestStopTransactionResponse,
      () => void ctx.engine.stop(session.connectorId, 'Remote'),
    );
  },
};
