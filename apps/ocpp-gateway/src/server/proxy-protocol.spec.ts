import { formatIPv6, parseProxyHeader, type ProxyParse } from './proxy-protocol';

const SIGNATURE = Buffer.from('0d0a0d0a000d0a515549540a', 'hex');

/** A PROXY v2 header as HAProxy or an AWS NLB writes it: `command` 0 LOCAL / 1 PROXY, `family` the 14th byte. */
function v2(command: number, family: number, addresses: Buffer, tlvs: Buffer = Buffer.alloc(0)): Buffer {
  const fixed = Buffer.alloc(4);
  fixed[0] = 0x20 | command;
  fixed[1] = family;
  fixed.writeUInt16BE(addresses.length + tlvs.length, 2);
  return Buffer.concat([SIGNATURE, fixed, addresses, tlvs]);
}

function inet(source: number[], destination: number[], sourcePort: number, destinationPort: number): Buffer {
  const ports = Buffer.alloc(4);
  ports.writeUInt16BE(sourcePort, 0);
  ports.writeUInt16BE(destinationPort, 2);
  return Buffer.concat([Buffer.from(source), Buffer.from(destination), ports]);
}

const ipv6 = (text: string): number[] => [...Buffer.from(text.replace(/:/g, ''), 'hex')];
const parsed = (result: ProxyParse) => (result.kind === 'parsed' ? result : undefined);

describe('PROXY protocol v1', () => {
  it.each([
    ['TCP4', 'PROXY TCP4 192.0.2.10 198.51.100.1 56324 443\r\n', { address: '192.0.2.10', port: 56324 }, 443],
    ['TCP6', 'PROXY TCP6 2001:DB8::10 2001:db8::1 65535 8443\r\n', { address: '2001:db8::10', port: 65535 }, 8443],
  ])('%s: the source, the destination and where the client stream starts', (_name, line, source, destinationPort) => {
    const stream = Buffer.concat([Buffer.from(line), Buffer.from([0x16, 0x03, 0x01])]);
    const result = parsed(parseProxyHeader(stream));
    expect(result?.length).toBe(line.length);
    expect(result?.header).toMatchObject({ version: 1, command: 'proxy', source, destination: { port: destinationPort } });
    expect(stream.subarray(result?.length)).toEqual(Buffer.from([0x16, 0x03, 0x01]));
  });

  it('UNKNOWN: a relayed connection whose client is not named', () => {
    expect(parseProxyHeader(Buffer.from('PROXY UNKNOWN ffff::1 ffff::2 1 2\r\nGET'))).toEqual({
      kind: 'parsed',
      header: { version: 1, command: 'proxy' },
      length: 35,
    });
  });

  it.each(['', 'P', 'PROXY', 'PROXY TCP4 192.0.2.10 198.51.100.1 5632', 'PROXY TCP4 192.0.2.10 198.51.100.1 56324 443\r'])(
    'truncated %p: more bytes needed',
    (text) => {
      expect(parseProxyHeader(Buffer.from(text))).toEqual({ kind: 'incomplete' });
    },
  );

  it.each([
    ['no header at all', 'GET /ocpp/CP1 HTTP/1.1\r\n'],
    ['a TLS ClientHello', '\x16\x03\x01\x02\x00'],
    ['an unknown protocol', 'PROXY UDP4 192.0.2.10 198.51.100.1 1 2\r\n'],
    ['IPv6 addresses under TCP4', 'PROXY TCP4 2001:db8::1 2001:db8::2 1 2\r\n'],
    ['a bad address', 'PROXY TCP4 192.0.2.300 198.51.100.1 1 2\r\n'],
    ['a port too large', 'PROXY TCP4 192.0.2.10 198.51.100.1 65536 2\r\n'],
    ['a port with a leading zero', 'PROXY TCP4 192.0.2.10 198.51.100.1 080 2\r\n'],
    ['a missing field', 'PROXY TCP4 192.0.2.10 198.51.100.1 80\r\n'],
    ['double spaces', 'PROXY TCP4  192.0.2.10 198.51.100.1 80 2\r\n'],
    ['a bare line feed', 'PROXY TCP4 192.0.2.10 198.51.100.1 80 2\n'],
    ['no CRLF within 107 bytes', `PROXY UNKNOWN ${'x'.repeat(100)}`],
  ])('refuses %s', (_name, text) => {
    expect(parseProxyHeader(Buffer.from(text, 'latin1')).kind).toBe('invalid');
  });
});

describe('PROXY protocol v2', () => {
  it('PROXY over TCP/IPv4, with TLVs after the addresses (as an AWS NLB sends its VPC endpoint id)', () => {
    const tlv = Buffer.concat([Buffer.from([0xea, 0x00, 0x05]), Buffer.from('\x01vpce')]);
    const header = v2(1, 0x11, inet([203, 0, 113, 7], [10, 0, 0, 1], 40000, 443), tlv);
    const stream = Buffer.concat([header, Buffer.from('GET /')]);
    const result = parsed(parseProxyHeader(stream));
    expect(result).toEqual({
      kind: 'parsed',
      header: {
        version: 2,
        command: 'proxy',
        source: { address: '203.0.113.7', port: 40000 },
        destination: { address: '10.0.0.1', port: 443 },
      },
      length: header.length,
    });
    expect(stream.subarray(result?.length).toString()).toBe('GET /');
  });

  it('PROXY over TCP/IPv6', () => {
    const source = ipv6('2001:0db8:0000:0000:0000:0000:0000:0010');
    const destination = ipv6('fd00:0000:0000:0000:0000:0000:0001:0001');
    const ports = Buffer.from([0x1f, 0x90, 0x01, 0xbb]);
    const result = parsed(parseProxyHeader(v2(1, 0x21, Buffer.concat([Buffer.from(source), Buffer.from(destination), ports]))));
    expect(result?.header).toEqual({
      version: 2,
      command: 'proxy',
      source: { address: '2001:db8::10', port: 8080 },
      destination: { address: 'fd00::1:1', port: 443 },
    });
  });

  it('LOCAL (a health check of the balancer): the connection speaks for itself, addresses or not', () => {
    expect(parseProxyHeader(v2(0, 0x00, Buffer.alloc(0)))).toEqual({
      kind: 'parsed',
      header: { version: 2, command: 'local' },
      length: 16,
    });
    const withAddresses = v2(0, 0x11, inet([1, 2, 3, 4], [5, 6, 7, 8], 1, 2));
    expect(parsed(parseProxyHeader(withAddresses))?.header).toEqual({ version: 2, command: 'local' });
  });

  it.each([
    ['UNSPEC', 0x00, Buffer.alloc(0)],
    ['UNIX stream', 0x31, Buffer.alloc(216)],
    ['UDP over IPv4', 0x12, inet([1, 2, 3, 4], [5, 6, 7, 8], 1, 2)],
  ])('PROXY from %s names no TCP client', (_name, family, addresses) => {
    expect(parsed(parseProxyHeader(v2(1, family, addresses)))?.header).toEqual({ version: 2, command: 'proxy' });
  });

  it('truncated anywhere: more bytes needed', () => {
    const header = v2(1, 0x11, inet([203, 0, 113, 7], [10, 0, 0, 1], 40000, 443), Buffer.from([0x04, 0x00, 0x01, 0x00]));
    for (let n = 0; n < header.length; n++) expect([n, parseProxyHeader(header.subarray(0, n))]).toEqual([n, { kind: 'incomplete' }]);
    expect(parseProxyHeader(header).kind).toBe('parsed');
  });

  it.each([
    ['version 1 in the binary form', (h: Buffer) => void (h[12] = 0x11)],
    ['an unknown command', (h: Buffer) => void (h[12] = 0x22)],
    ['an unknown family', (h: Buffer) => void (h[13] = 0x41)],
    ['an unknown transport', (h: Buffer) => void (h[13] = 0x13)],
    ['a length too short for IPv4 addresses', (h: Buffer) => void h.writeUInt16BE(11, 14)],
    ['a broken signature', (h: Buffer) => void (h[11] = 0x0b)],
  ])('refuses %s', (_name, corrupt) => {
    const header = v2(1, 0x11, inet([203, 0, 113, 7], [10, 0, 0, 1], 40000, 443));
    corrupt(header);
    expect(parseProxyHeader(header).kind).toBe('invalid');
  });

  it('refuses an IPv6 family whose length holds only IPv4 addresses', () => {
    expect(parseProxyHeader(v2(1, 0x21, inet([1, 2, 3, 4], [5, 6, 7, 8], 1, 2))).kind).toBe('invalid');
  });
});

describe('formatIPv6', () => {
  it.each([
    ['00000000000000000000000000000001', '::1'],
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['20010db8000100010001000100010001', '2001:db8:1:1:1:1:1:1'],
    ['20010db8000000010000000000000001', '2001:db8:0:1::1'],
    ['00000000000000000000ffffc0000280', '::ffff:192.0.2.128'],
    ['00000000000000000000000000000000', '::'],
  ])('%s → %s', (hex, text) => {
    expect(formatIPv6(Buffer.from(hex, 'hex'))).toBe(text);
  });
});
