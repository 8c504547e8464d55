import type { HandlerTable } from '../command-handler';
import type { Ocpp2Behaviour } from '../../ocpp201-behaviour';
import { DEVICE_MODEL_HANDLERS } from './device-model.handlers';
import { FIRMWARE_LOG_HANDLERS } from './firmware-log.handlers';
import { LOCAL_LIST_HANDLERS } from './local-list.handlers';
import { REMOTE_TRANSACTION_HANDLERS } from './remote-transaction.handlers';
import { RESERVATION_HANDLERS } from './reservation.handlers';
import { SMART_CHARGING_HANDLERS } from './smart-charging.handlers';
import { STATION_CONTROL_HANDLERS } from './station-control.handlers';
import { TRIGGER_MESSAGE_HANDLERS } from './trigger-message.handler';

/** Every CSMS→station action a 2.0.1 / 2.1 simulated station answers; anything else gets NotImplemented. */
export const OCPP2_GROUPS: readonly HandlerTable<Ocpp2Behaviour>[] = [
  REMOTE_TRANSACTION_HANDLERS,
  STATION_CONTROL_HANDLERS,
  DEVICE_MODEL_HANDLERS,
  TRIGGER_MESSAGE_HANDLERS,
  LOCAL_LIST_HANDLERS,
  RESERVATION_HANDLERS,
  SMART_CHARGING_HANDLERS,
  FIRMWARE_LOG_HANDLERS,
];

export const OCPP2_HANDLERS: HandlerTable<Ocpp2Behaviour> = Object.assign({}, ...OCPP2_GROUPS) as HandlerTable<Ocpp2Behaviour>;
