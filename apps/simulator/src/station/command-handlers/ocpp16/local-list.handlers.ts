import type { v16 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp16Behaviour } from '../../ocpp16-behaviour';

/** SendLocalList / GetLocalListVersion over the station's local authorization list. */
export const LOCAL_LIST_HANDLERS: HandlerTable<Ocpp16Behaviour> = {
  SendLocalList(ctx, request) {
    const req = request as unknown as v16.SendLocalListRequest;
    if (!ctx.config.bool('LocalAuthListEnabled')) return answer({ status: 'NotSupported' } satisfies v16.SendLocalListResponse);
    const items = req.localAuthorizationList ?? [];
    if (items.length > ctx.config.int('SendLocalListMaxLength', 250))
      return answer({ status: 'Failed' } satisfies v16.SendLocalListResponse);
    if (req.updateType === 'Differential' && req.listVersion <= ctx.localList.version) {
      return answer({ status: 'VersionMismatch' } satisfies v16.SendLocalListResponse);
    }
    ctx.localList.apply(
      req.listVersion,
      req.updateType,
      items.map((i) => ({ idTag: i.idTag, status: i.idTagInfo?.status })),
    );
    return answer({ status: 'Accepted' } satisfies v16.SendLocalListResponse);
  },

  GetLocalListVersion(ctx) {
    const listVersion = ctx.config.bool('LocalAuthListEnabled') ? ctx.localList.version : -1;
    return answer({ listVersion } satisfies v16.GetLocalListVersionResponse);
  },
};
