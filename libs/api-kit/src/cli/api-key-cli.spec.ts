import { apiKeyId } from '../keys/api-key-store';
import { API_KEY_CLI_USAGE, ApiKeyCliError, parseApiKeyCommand, runApiKeyCli } from './api-key-cli';

describe('parseApiKeyCommand', () => {
  it.each([
    [['create', '--name', 'ops', '--scope', 'write'], { command: 'create', name: 'ops', scope: 'write' }],
    [['create', '--scope=admin', '--name=root key'], { command: 'create', name: 'root key', scope: 'admin' }],
    [['list'], { command: 'list' }],
    [['revoke', '--id', '0123456789ab'], { command: 'revoke', id: '0123456789ab' }],
    [['generate'], { command: 'generate' }],
    [['help'], { command: 'help' }],
    [['--help'], { command: 'help' }],
    [['-h'], { command: 'help' }],
    [['create', '--help'], { command: 'help' }],
    [['help', 'create'], { command: 'help' }],
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
    [['generate', 'now'], 'unexpected argument "now"'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseApiKeyCommand(argv)).toThrow(ApiKeyCliError);
    expect(() => parseApiKeyCommand(argv)).toThrow(message);
  });
});

describe('runApiKeyCli without a database', () => {
  async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runApiKeyCli(
      argv,
      env,
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, out, err };
  }

  it.each([['--help'], ['-h'], ['help']])('%s prints the usage on stdout and exits 0, without DATABASE_URL', async (flag) => {
    expect(await run([flag])).toEqual({ code: 0, out: [API_KEY_CLI_USAGE], err: [] });
    expect(API_KEY_CLI_USAGE).toMatch(/^usage: npm run apikey/);
  });

  it('refuses an unknown option with exit code 2 and the usage on stderr', async () => {
    expect(await run(['--colour'])).toEqual({
      code: 2,
      out: [],
      err: [expect.stringMatching(/^apikey: .*Unknown option '--colour'/), API_KEY_CLI_USAGE],
    });
  });

  it('generate prints a new well-formed key each time, touching no database', async () => {
    const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    const [first, second] = [await run(['generate'], env), await run(['generate'], env)];
    expect(first).toMatchObject({ code: 0, err: [] });
    expect(first.out).toHaveLength(1);
    expect(first.out[0]).toMatch(/^vl_[a-f0-9]{12}_[A-Za-z0-9_-]{32}$/);
    expect(apiKeyId(first.out[0])).toBe(first.out[0].slice(3, 15));
    expect(second.out[0]).not.toBe(first.out[0]);
  });
});
