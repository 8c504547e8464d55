import { isIP } from 'node:net';

/**
 * The PROXY protocol header a TCP load balancer (AWS NLB, HAProxy, nginx `proxy_protocol`) puts
 * in front of the client's bytes: version 1 (a text line) or 2 (binary), as specified in
 * HAProxy's proxy-protocol.txt. Only the header is read; what follows it is the client's stream
 * (a TLS ClientHello, an HTTP request).
 */
export interface ProxyEndpoint {
  address: string;
  port: number;
}

export type ProxyHeader =
  /** The proxy's own connection (a health check): the connection's real endpoints apply. */
  | { version: 1 | 2; command: 'local' }
  /** A relayed connection; without `source` (v1 UNKNOWN, v2 UNSPEC or UNIX) the real endpoints apply. */
  | { version: 1 | 2; command: 'proxy'; source?: ProxyEndpoint; destination?: ProxyEndpoint };

export type ProxyParse =
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: string }
  /** `length`: the bytes of the header; the client's stream starts after them. */
  | { kind: 'parsed'; header: ProxyHeader; length: number };

const V1_PREFIX = Buffer.from('PROXY ', 'ascii');
/** The longest v1 line, CRLF included. */
const V1_MAX_LENGTH = 107;
const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const V2_FIXED_LENGTH = 16;

/** Reads a PROXY header from the first bytes of a connection: more bytes needed, not a valid header, or the header and its length. */
export function parseProxyHeader(data: Buffer): ProxyParse {
  if (startsWith(data, V2_SIGNATURE)) return parseV2(data);
  if (startsWith(data, V1_PREFIX)) return parseV1(data);
  return { kind: 'invalid', reason: 'the connection does not start with a PROXY protocol header' };
}

/** `prefix` begins `data`, or `data` is a beginning of `prefix` (more bytes may still make it one). */
function startsWith(data: Buffer, prefix: Buffer): boolean {
  const n = Math.min(data.length, prefix.length);
  return data.subarray(0, n).equals(prefix.subarray(0, n));
}

function parseV1(data: Buffer): ProxyParse {
  const end = data.subarray(0, V1_MAX_LENGTH).indexOf('\r\n');
  if (end < 0) {
    if (data.length >= V1_MAX_LENGTH) return { kind: 'invalid', reason: `a PROXY v1 line longer than ${V1_MAX_LENGTH} bytes` };
    return data.includes(0x0a) ? invalidV1('a line feed without a carriage return') : { kind: 'incomplete' };
  }
  const line = data.subarray(0, end).toString('latin1');
  const length = end + 2;
  const parts = line.split(' ');
  if (parts[1] === 'UNKNOWN') return { kind: 'parsed', header: { version: 1, command: 'proxy' }, length };
  if (parts.length !== 6) return invalidV1('expected PROXY <TCP4|TCP6> <source> <destination> <source port> <destination port>');
  const [, family, sourceAddress, destinationAddress, sourcePort, destinationPort] = parts;
  const expected = family === 'TCP4' ? 4 : family === 'TCP6' ? 6 : 0;
  if (expected === 0) return invalidV1(`unknown protocol "${family}"`);
  if (isIP(sourceAddress) !== expected || isIP(destinationAddress) !== expected) return invalidV1(`addresses that are not ${family}`);
  const ports = [sourcePort, destinationPort].map(v1Port);
  if (ports.some((p) => p === undefined)) return invalidV1('a port that is not a number from 0 to 65535');
  return {
    kind: 'parsed',
    header: {
      version: 1,
      command: 'proxy',
      source: { address: sourceAddress.toLowerCase(), port: ports[0]! },
      destination: { address: destinationAddress.toLowerCase(), port: ports[1]! },
    },
    length,
  };
}

function invalidV1(reason: string): ProxyParse {
  return { kind: 'invalid', reason: `PROXY v1: ${reason}` };
}

function v1Port(text: string): number | undefined {
  if (!/^(0|[1-9]\d{0,4})$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

function parseV2(data: Buffer): ProxyParse {
  if (data.length < V2_FIXED_LENGTH) return { kind: 'incomplete' };
  const versionCommand = data[12];
  if (versionCommand >> 4 !== 2) return { kind: 'invalid', reason: `PROXY v2: version ${versionCommand >> 4} is not 2` };
  const command = versionCommand & 0x0f;
  if (command > 1) return { kind: 'invalid', reason: `PROXY v2: unknown command ${command}` };
  const family = data[13] >> 4;
  const transport = data[13] & 0x0f;
  const length = V2_FIXED_LENGTH + data.readUInt16BE(14);
  if (family > 3 || transport > 2)
    return { kind: 'invalid', reason: `PROXY v2: unknown address family/protocol 0x${data[13].toString(16)}` };
  const addressLength = [0, 12, 36, 216][family];
  if (length - V2_FIXED_LENGTH < addressLength)
    return { kind: 'invalid', reason: `PROXY v2: ${length - V2_FIXED_LENGTH} bytes cannot hold the addresses of family ${family}` };
  if (data.length < length) return { kind: 'incomplete' };
  if (command === 0) return { kind: 'parsed', header: { version: 2, command: 'local' }, length };
  // UNSPEC, UNIX sockets and datagrams name no TCP client: the connection's own endpoints apply.
  if ((family !== 1 && family !== 2) || transport !== 1) return { kind: 'parsed', header: { version: 2, command: 'proxy' }, length };
  const block = data.subarray(V2_FIXED_LENGTH, V2_FIXED_LENGTH + addressLength);
  const size = family === 1 ? 4 : 16;
  const format = family === 1 ? formatIPv4 : formatIPv6;
  return {
    kind: 'parsed',
    header: {
      version: 2,
      command: 'proxy',
      source: { address: format(block.subarray(0, size)), port: block.readUInt16BE(2 * size) },
      destination: { address: format(block.subarray(size, 2 * size)), port: block.readUInt16BE(2 * size + 2) },
    },
    length,
  };
}

function formatIPv4(bytes: Buffer): string {
  return [...bytes].join('.');
}

/** RFC 5952 text: lower case, the longest run of zero groups (two or more) as `::`, IPv4-mapped as `::ffff:a.b.c.d`. */
export function formatIPv6(bytes: Buffer): string {
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes.readUInt16BE(10) === 0xffff) return `::ffff:${formatIPv4(bytes.subarray(12))}`;
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(2 * i));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.length < 2) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
