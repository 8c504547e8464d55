import { callErrorFrame, type CallError, type OcppVersion } from '@voltlane/ocpp';

const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when the text nests arrays/objects deeper than `maxDepth`. One pass over the characters
 * (strings skipped), no recursion and no allocation, so it runs before JSON.parse and before
 * any recursive consumer (schema validation, services) could see the value.
 */
export function jsonDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** The CALL id of a frame, read without parsing it; undefined when it cannot be read. */
function readCallId(text: string): string | undefined {
  return /^\s*\[\s*2\s*,\s*"([^"\\]{1,36})"/.exec(text)?.[1];
}

/**
 * The answer to a frame nested too deeply: FormatViolation (1.6 FormationViolation) with the
 * CALL's id, or with "-1" when the frame is not a CALL whose id can be read.
 */
export function tooDeepReply(version: OcppVersion, text: string, maxDepth: number): CallError {
  return callErrorFrame(version, readCallId(text) ?? '-1', 'FormatViolation', `JSON nested deeper than ${maxDepth} levels`);
}
