import { linePrefixer, wantsColour } from './prefixed-output';

describe('linePrefixer', () => {
  const names = ['ocpp-gateway', 'station-service', 'launcher'];

  it('pads every prefix to the longest name', () => {
    const format = linePrefixer({ names, colour: false });
    expect(format('ocpp-gateway', '{"msg":"listening"}')).toBe('ocpp-gateway    | {"msg":"listening"}');
    expect(format('station-service', 'x')).toBe('station-service | x');
  });

  it('colours the prefix, one colour per name, grey for an unknown source', () => {
    const format = linePrefixer({ names, colour: true });
    expect(format('ocpp-gateway', 'a')).toBe('\x1b[36mocpp-gateway    |\x1b[0m a');
    expect(format('station-service', 'b')).toBe('\x1b[33mstation-service |\x1b[0m b');
    expect(format('other', 'c')).toBe('\x1b[90mother           |\x1b[0m c');
  });

  it('colours only a terminal that has colours', () => {
    expect(wantsColour({ isTTY: true, hasColors: () => true })).toBe(true);
    expect(wantsColour({ isTTY: true, hasColors: () => false })).toBe(false);
    expect(wantsColour({})).toBe(false);
  });
});
