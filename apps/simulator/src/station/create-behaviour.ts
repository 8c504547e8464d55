import { Ocpp16Behaviour } from './ocpp16-behaviour';
import { Ocpp2Behaviour } from './ocpp201-behaviour';
import type { ProtocolBehaviour } from './protocol-behaviour';
import type { StationContext } from './station-context';

/** The behaviour for the station's protocol: 1.6, or the shared 2.0.1 / 2.1 one. */
export function createBehaviour(station: StationContext): ProtocolBehaviour {
  switch (station.protocol) {
    case 'ocpp1.6':
      return new Ocpp16Behaviour(station);
    case 'ocpp2.0.1':
    case 'ocpp2.1':
      return new Ocpp2Behaviour(station);
  }
}
