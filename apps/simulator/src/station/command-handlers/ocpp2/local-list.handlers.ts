import type { v201 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp2Behaviour } from '../../ocpp201-behaviour';

/** SendLocalList / GetLocalListVersion over the station's local authorization list. */
export const LOCAL_LIST_HANDLERS: HandlerTable<Ocpp2Behaviour> = {
  SendLocalList(ctx, request) {
    const req = request as unknown as v201.SendLocalListRequest;
    const items = req.localAuthorizationList ?? [];
    if (!ctx.variables.bool('LocalAuthListCtrlr.Enabled') || items.length > ctx.variables.int('LocalAuthListCtrlr.ItemsPerMessage', 250)) {
      return answer({ status: 'Failed' } satisfies v201.SendLocalListResponse);
    }
    if (req.updateType === 'Differential' && req.versionNumber <= ctx.localList.version) {
      return answer({ status: 'VersionMismatch' } satisfies v201.SendLocalListResponse);
    }
    ctx.localList.apply(
      req.versionNumber,
      req.updateType,
      items.map((i) => ({ idTag: i.idToken.idToken, status: i.idTokenInfo?.status })),
    );
    return answer({ status: 'Accepted' } satisfies v201.SendLocalListResponse);
  },

  GetLocalListVersion(ctx) {
    return answer({ versionNumber: ctx.localList.version } satisfies v201.GetLocalListVersionResponse);
  },
};
