import { ApiKeyCliError, parseApiKeyCommand } from './api-key-cli';

describe('parseApiKeyCommand', () => {
  it.each([
    [['create', '--name', 'ops', '--scope', 'write'], { command: 'create', name: 'ops', scope: 'write' }],
    [['create', '--scope=admin', '--name=root key'], { command: 'create', name: 'root key', scope: 'admin' }],
    [['list'], { command: 'list' }],
    [['revoke', '--id', '0123456789ab'], { command: 'revoke', id: '0123456789ab' }],
  ])('%j → %j', (argv, expected) => {
    expect(parseApiKeyCommand(argv)).toEqual(expected);
  });

  it.each([
    [[], 'a command is required'],
    [['make'], 'unknown command "make"'],
    [['create', '--scope', 'write'], 'create needs --name'],
    [['create', '--name', 'ops'], 'create needs --scope'],
    [['create', '--name', 'ops', '--scope', 'root'], '--scope must be one of read, write, admin (got "root")'],
    [['revoke'], 'revoke needs --id'],
    [['list', 'extra'], 'unexpected argument "extra"'],
    [['list', '--colour'], "Unknown option '--colour'"],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseApiKeyCommand(argv)).toThrow(ApiKeyCliError);
    expect(() => parseApiKeyCommand(argv)).toThrow(message);
  });
});
