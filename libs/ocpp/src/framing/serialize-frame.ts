import { MessageType, type OcppFrame } from './ocpp-frame';

/** The OCPP-J text for `frame`: one JSON array, as in reference 1.2. */
export function serializeFrame(frame: OcppFrame): string {
  switch (frame.type) {
    case MessageType.Call:
    case MessageType.Send:
      return JSON.stringify([frame.type, frame.id, frame.action, frame.payload]);
    case MessageType.CallResult:
      return JSON.stringify([frame.type, frame.id, frame.payload]);
    case MessageType.CallError:
    case MessageType.CallResultError:
      return JSON.stringify([frame.type, frame.id, frame.code, frame.description, frame.details]);
  }
}
