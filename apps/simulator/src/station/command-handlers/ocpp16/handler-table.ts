import type { HandlerTable } from '../command-handler';
import type { Ocpp16Behaviour } from '../../ocpp16-behaviour';
import { CONFIGURATION_HANDLERS } from './configuration.handlers';
import { FIRMWARE_DIAGNOSTICS_HANDLERS } from './firmware-diagnostics.handlers';
import { LOCAL_LIST_HANDLERS } from './local-list.handlers';
import { REMOTE_TRANSACTION_HANDLERS } from './remote-transaction.handlers';
import { RESERVATION_HANDLERS } from './reservation.handlers';
import { SMART_CHARGING_HANDLERS } from './smart-charging.handlers';
import { STATION_CONTROL_HANDLERS } from './station-control.handlers';
import { TRIGGER_MESSAGE_HANDLERS } from './trigger-message.handler';

/** Every CSMS→station action a 1.6 simulated station answers; anything else gets NotImplemented. */
export const OCPP16_GROUPS: readonly HandlerTable<Ocpp16Behaviour>[] = [
  REMOTE_TRANSACTION_HANDLERS,
  STATION_CONTROL_HANDLERS,
  CONFIGURATION_HANDLERS,
  TRIGGER_MESSAGE_HANDLERS,
  LOCAL_LIST_HANDLERS,
  RESERVATION_HANDLERS,
  SMART_CHARGING_HANDLERS,
  FIRMWARE_DIAGNOSTICS_HANDLERS,
];

export const OCPP16_HANDLERS: HandlerTable<Ocpp16Behaviour> = Object.assign({}, ...OCPP16_GROUPS) as HandlerTable<Ocpp16Behaviour>;
