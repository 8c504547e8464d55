import { BOOTSTRAP_ADMIN_KEY_VARIABLE } from '@voltlane/api-kit';
import type { RunningDistributed } from './start-distributed';

/** A URL with its password replaced by `***`. */
function redact(value: string): string {
  return value.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

function adminKeyLines(running: RunningDistributed, status: number | undefined): string[] {
  const { adminKey } = running;
  const lines =
    adminKey.source === 'env'
      ? [`  Admin API key: the one in ${BOOTSTRAP_ADMIN_KEY_VARIABLE}`]
      : [
          `  Admin API key (${adminKey.source === 'created' ? 'made on this start; kept' : 'kept'} in ${adminKey.file}):`,
          `    ${adminKey.key}`,
        ];
  if (status !== undefined && status !== 200) {
    lines.push(
      `    (!) the operator API answers this key with ${status}: it was revoked or replaced in this database.`,
      `        Delete ${adminKey.file ?? BOOTSTRAP_ADMIN_KEY_VARIABLE} to have a new one made, or: npm run apikey -- create --name me --scope admin`,
    );
  }
  return lines;
}

/** What the command prints once every app is ready. `keyStatus`: the API's answer to the admin key (200: it works). */
export function banner(running: RunningDistributed, keyStatus: number | undefined): string {
  const width = Math.max(...running.apps.map((a) => a.name.length));
  const servers = Object.entries(running.servers).map(([name, value]) => `${name}=${redact(value)}`);
  return [
    '',
    'Voltlane is running (distributed: every app its own process, on Kafka, Redis and PostgreSQL).',
    `  OCPP:  ${running.gatewayUrl}/<station-id>   (security profile ${running.securityProfiles.join(',')})`,
    `  API:   ${running.apiUrl}/api/v1   docs: ${running.apiUrl}/docs   (the api-edge)`,
    `  Console: ${running.apiUrl}/   (served by the api-edge; sign in with an API key)`,
    ...adminKeyLines(running, keyStatus),
    `  Servers: ${servers.join('  ')}`,
    running.ranInfraSh
      ? '           (deploy/local/infra.sh; they keep running after Ctrl-C: `npm run infra -- down` stops them)'
      : '           (from the environment)',
    '  Apps:',
    ...running.apps.map(
      (app) => `    ${app.name.padEnd(width)}  pid ${String(app.pid).padEnd(7)}  ${app.opsUrl}/metrics  ${app.opsUrl}/health/ready`,
    ),
    '  Stop with Ctrl-C: every app stops at once (a second Ctrl-C kills them).',
    '',
  ].join('\n');
}
