/** OCPP-J message types (the first element of a frame's array); 5 and 6 exist in OCPP 2.1 only. */
export const MESSAGE_TYPES = {
  2: 'CALL',
  3: 'CALLRESULT',
  4: 'CALLERROR',
  5: 'CALLRESULTERROR',
  6: 'SEND',
} as const;

export type MessageTypeId = keyof typeof MESSAGE_TYPES;
export type MessageTypeName = (typeof MESSAGE_TYPES)[MessageTypeId];

/** Message ids longer than this are no OCPP message ids (OCPP allows 36 characters); they are not kept. */
export const MAX_MESSAGE_ID_LENGTH = 128;

export interface FrameClass {
  /** 2..6, or null when the text is not an OCPP-J array. */
  messageType: MessageTypeId | null;
  /** The array's second element when it is a string (of at most MAX_MESSAGE_ID_LENGTH characters). */
  messageId: string | null;
}

const NONE: FrameClass = { messageType: null, messageId: null };

/** `[<type>, "<id>"` at the start of a frame cut short: its type and id survive the cut. */
const PREFIX = /^\s*\[\s*([2-6])\s*,\s*("(?:[^"\\]|\\.)*")/;

/**
 * What a logged frame is: its OCPP-J message type and message id. Never throws: a frame that is not
 * JSON, not an array, or whose first element is no message type is `{ null, null }`. A truncated
 * frame (no longer JSON) is classified from its beginning.
 */
export function classifyFrame(text: string, truncated = false): FrameClass {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return truncated ? classifyPrefix(text) : NONE;
  }
  if (!Array.isArray(parsed) || !isMessageType(parsed[0])) return NONE;
  return { messageType: parsed[0], messageId: messageIdOf(parsed[1]) };
}

/** The name the operator API shows for a stored message type. */
export function messageTypeName(type: number | null): MessageTypeName | null {
  return type !== null && isMessageType(type) ? MESSAGE_TYPES[type] : null;
}

function classifyPrefix(text: string): FrameClass {
  const match = PREFIX.exec(text);
  if (!match) return NONE;
  let id: unknown;
  try {
    id = JSON.parse(match[2]);
  } catch {
    id = null;
  }
  return { messageType: Number(match[1]) as MessageTypeId, messageId: messageIdOf(id) };
}

function isMessageType(value: unknown): value is MessageTypeId {
  return typeof value === 'number' && Number.isInteger(value) && value >= 2 && value <= 6;
}

function messageIdOf(value: unknown): string | null {
  return typeof value === 'string' && value.length <= MAX_MESSAGE_ID_LENGTH ? value : null;
}
