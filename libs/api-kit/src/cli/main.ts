// `npm run apikey -- create --name ops --scope write`: operator API keys from the command line.
import { runApiKeyCli } from './api-key-cli';

runApiKeyCli(
  process.argv.slice(2),
  process.env,
  (line) => process.stdout.write(`${line}\n`),
  (line) => process.stderr.write(`${line}\n`),
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`apikey: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
