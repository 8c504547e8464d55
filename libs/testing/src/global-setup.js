// Jest globalSetup of the `integration` project (jest.config.js). Integration specs run against real
// Kafka, Redis and PostgreSQL; when those are not there the run must fail loudly, never skip (the
// `medium` project checks PostgreSQL alone with `checkServers`, medium/global-setup.js).
// Plain CommonJS: Jest loads it before any transform is set up.
const net = require('node:net');

const HOW_TO =
  'Run the tests with `npm test` (scripts/test.sh starts the servers), or start them yourself with ' +
  '`eval "$(bash deploy/local/infra.sh up)"` and run Jest in that shell.';

/** host:port pairs of one variable, or an error message naming the variable. */
function endpoints(name, value) {
  if (name === 'KAFKA_BROKERS') {
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((hostPort) => {
        const at = hostPort.lastIndexOf(':');
        return { host: hostPort.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(hostPort.slice(at + 1)) };
      });
  }
  const url = new URL(value);
  const defaultPort = name === 'REDIS_URL' ? 6379 : 5432;
  return [{ host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : defaultPort }];
}

function reachable({ host, port }, timeoutMs) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok, why) => {
      socket.destroy();
      resolve(ok ? null : why);
    };
    socket.setTimeout(timeoutMs, () => done(false, `no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(true));
    socket.once('error', (err) => done(false, err.code || err.message));
  });
}

/** Throws, listing every problem, unless each variable of `names` is set and its servers answer. */
async function checkServers(names, need) {
  const problems = [];
  for (const name of names) {
    const value = process.env[name];
    if (!value) {
      problems.push(`${name} is not set`);
      continue;
    }
    let targets;
    try {
      targets = endpoints(name, value);
      if (targets.length === 0 || targets.some((t) => !t.host || !Number.isInteger(t.port) || t.port <= 0)) {
        throw new Error('no host:port in it');
      }
    } catch (err) {
      problems.push(`${name}=${value} cannot be parsed (${err.message})`);
      continue;
    }
    const results = await Promise.all(targets.map((t) => reachable(t, 3000)));
    results.forEach((why, i) => {
      if (why) problems.push(`${name}: ${targets[i].host}:${targets[i].port} is unreachable (${why})`);
    });
  }
  if (problems.length > 0) {
    const line = '='.repeat(100);
    throw new Error(
      `\n${line}\n${need}, and these are missing or unreachable:\n` + problems.map((p) => `  - ${p}`).join('\n') + `\n${HOW_TO}\n${line}`,
    );
  }
}

module.exports = async function globalSetup() {
  await checkServers(['KAFKA_BROKERS', 'REDIS_URL', 'DATABASE_URL'], 'Integration tests need Kafka, Redis and PostgreSQL');
};
module.exports.checkServers = checkServers;
