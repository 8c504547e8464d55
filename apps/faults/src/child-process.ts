/** The fault run's child processes (apps, simulators): `node <args>` from the repository root, output in `<logDir>/<name>.log`. */
import { resolve } from 'node:path';
import { ChildProc } from '@voltlane/process-kit';
import { stderrLogger } from '@voltlane/testing';

export const ROOT = resolve(__dirname, '../../..');

export const log = stderrLogger('faults');

export function childProc(spec: { name: string; args: string[]; env: NodeJS.ProcessEnv; logDir: string }): ChildProc {
  return new ChildProc({
    name: spec.name,
    args: spec.args,
    env: spec.env,
    cwd: ROOT,
    output: { file: resolve(spec.logDir, `${spec.name}.log`) },
  });
}
