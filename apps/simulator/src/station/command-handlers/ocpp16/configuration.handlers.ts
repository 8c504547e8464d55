import type { v16 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp16Behaviour } from '../../ocpp16-behaviour';

/** GetConfiguration / ChangeConfiguration over the station's key store. */
export const CONFIGURATION_HANDLERS: HandlerTable<Ocpp16Behaviour> = {
  GetConfiguration(ctx, request) {
    const req = request as unknown as v16.GetConfigurationRequest;
    const wanted = req.key && req.key.length > 0 ? req.key : ctx.config.keys();
    const configurationKey: NonNullable<v16.GetConfigurationResponse['configurationKey']> = [];
    const unknownKey: string[] = [];
    for (const key of wanted) {
      const setting = ctx.config.get(key);
      if (setting) configurationKey.push({ key, readonly: setting.readonly === true, value: setting.value });
      else unknownKey.push(key);
    }
    const response: v16.GetConfigurationResponse = { configurationKey, ...(unknownKey.length > 0 ? { unknownKey } : {}) };
    return answer(response);
  },

  ChangeConfiguration(ctx, request) {
    const req = request as unknown as v16.ChangeConfigurationRequest;
    const outcome = ctx.config.change(req.key, req.value);
    const status: v16.ChangeConfigurationResponse['status'] =
      outcome === 'Unknown' ? 'NotSupported' : outcome === 'ReadOnly' ? 'Rejected' : outcome;
    return answer({ status } satisfies v16.ChangeConfigurationResponse);
  },
};
