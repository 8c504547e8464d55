import { parseArgs } from 'node:util';
import { EnvReader, readDatabaseUrl, type Env } from '@voltlane/config';
import { readApiKeysSchema } from '../http/service-http-config';
import { ApiKeyStore, generateApiKey } from '../keys/api-key-store';
import { API_KEY_SCOPES, type ApiKeyScope } from '../keys/api-key.entity';

export const API_KEY_CLI_USAGE = `usage: npm run apikey -- <command> [options]
  create --name <name> --scope <read|write|admin>   create a key; prints it once (only its hash is stored)
  list                                              list keys (never the secrets)
  revoke --id <id>                                  revoke a key
  generate                                          print a new random key without storing it anywhere
                                                    (for API_BOOTSTRAP_ADMIN_KEY, e.g. in a Kubernetes Secret)
  help, --help, -h                                  print this
environment: DATABASE_URL (required by create, list and revoke), API_KEYS_DB_SCHEMA (default iam)`;

const COMMANDS = 'create, list, revoke, generate or help';

export type ApiKeyCommand =
  | { command: 'create'; name: string; scope: ApiKeyScope }
  | { command: 'list' }
  | { command: 'revoke'; id: string }
  | { command: 'generate' }
  | { command: 'help' };

/** A usage error: the message says what is wrong; the caller prints it with the usage. */
export class ApiKeyCliError extends Error {}

/** Parses the command line (without node and the script); throws ApiKeyCliError naming the problem. */
export function parseApiKeyCommand(argv: readonly string[]): ApiKeyCommand {
  const options = {
    name: { type: 'string' },
    scope: { type: 'string' },
    id: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true });
  } catch (error) {
    throw new ApiKeyCliError(error instanceof Error ? error.message : String(error));
  }
  const [command, ...rest] = parsed.positionals;
  const { name, scope, id, help } = parsed.values;
  if (help || command === 'help') return { command: 'help' };
  if (rest.length > 0) throw new ApiKeyCliError(`unexpected argument "${rest[0]}"`);
  switch (command) {
    case 'create': {
      if (!name || name.trim() === '') throw new ApiKeyCliError('create needs --name <name>');
      if (name.length > 100) throw new ApiKeyCliError('--name must be at most 100 characters');
      if (!scope) throw new ApiKeyCliError(`create needs --scope <${API_KEY_SCOPES.join('|')}>`);
      if (!(API_KEY_SCOPES as readonly string[]).includes(scope))
        throw new ApiKeyCliError(`--scope must be one of ${API_KEY_SCOPES.join(', ')} (got "${scope}")`);
      return { command, name: name.trim(), scope: scope as ApiKeyScope };
    }
    case 'list':
    case 'generate':
      return { command };
    case 'revoke':
      if (!id) throw new ApiKeyCliError('revoke needs --id <id>');
      return { command, id };
    case undefined:
      throw new ApiKeyCliError(`a command is required (${COMMANDS})`);
    default:
      throw new ApiKeyCliError(`unknown command "${command}" (${COMMANDS})`);
  }
}

/** What create, list and revoke need: DATABASE_URL (required) and API_KEYS_DB_SCHEMA. */
export function loadApiKeyCliConfig(env: Env): { databaseUrl: string; schema: string } {
  const reader = new EnvReader(env);
  const config = { databaseUrl: readDatabaseUrl(reader), schema: readApiKeysSchema(reader) };
  reader.done();
  return config;
}

/**
 * Runs one API-key command against the keys' database (the same store the operator API's
 * `/api/v1/api-keys` uses); `help` and `generate` need no database. Returns the process exit
 * code (0 done, 1 failed, 2 bad usage or configuration); writes results to `out`, problems to `err`.
 */
export async function runApiKeyCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  let command: ApiKeyCommand;
  let databaseUrl: string;
  let schema: string;
  try {
    command = parseApiKeyCommand(argv);
    if (command.command === 'help') {
      out(API_KEY_CLI_USAGE);
      return 0;
    }
    if (command.command === 'generate') {
      out(generateApiKey().key);
      return 0;
    }
    ({ databaseUrl, schema } = loadApiKeyCliConfig(env));
  } catch (error) {
    err(`apikey: ${error instanceof Error ? error.message : String(error)}`);
    err(API_KEY_CLI_USAGE);
    return 2;
  }
  const store = await ApiKeyStore.open(databaseUrl, schema);
  try {
    switch (command.command) {
      case 'create': {
        const { key, view } = await store.create(command.name, command.scope);
        out(`Created API key ${view.id} "${view.name}" (scope ${view.scope}). It is shown once:`);
        out(key);
        return 0;
      }
      case 'list':
        for (const key of await store.list()) {
          out(
            `${key.id}  ${key.scope.padEnd(5)}  ${key.revokedAt ? `revoked ${key.revokedAt}` : 'active'}  created ${key.createdAt}  ${key.name}`,
          );
        }
        return 0;
      case 'revoke':
        if (await store.revoke(command.id)) {
          out(`Revoked API key ${command.id}.`);
          return 0;
        }
        err(`apikey: no active API key with id "${command.id}"`);
        return 1;
    }
  } finally {
    await store.close();
  }
}
