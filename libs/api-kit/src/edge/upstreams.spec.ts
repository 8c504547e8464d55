import { ConfigError } from '@voltlane/config';
import { parseUpstreams } from './upstreams';

describe('parseUpstreams', () => {
  it('reads name=url pairs in order, without a trailing slash', () => {
    expect(parseUpstreams('station=http://station:8080/, session=https://session.internal').map((u) => [u.name, u.url.href])).toEqual([
      ['station', 'http://station:8080/'],
      ['session', 'https://session.internal/'],
    ]);
    expect(parseUpstreams('station=http://h:1/base/').map((u) => u.url.pathname)).toEqual(['/base']);
  });

  it.each([
    ['', 'must list at least one service'],
    ['station', 'is not name=url'],
    ['Station=http://h', 'is not name=url'],
    ['station=http://a,station=http://b', 'listed twice'],
    ['station=not a url', 'is not a URL'],
    ['station=ftp://h', 'must be http: or https:'],
    ['station=http://u:p@h', 'must not carry'],
  ])('refuses %j naming the variable', (value, message) => {
    expect(() => parseUpstreams(value)).toThrow(ConfigError);
    expect(() => parseUpstreams(value)).toThrow(new RegExp(`API_EDGE_UPSTREAMS.*${message}`));
  });
});
