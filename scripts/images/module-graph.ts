// The module graph of a process's entry files, as the compiled code will load it: TypeScript's own
// resolver (with the @voltlane/* paths of tsconfig.base.json) follows every import, export-from,
// require() and import() through the workspace; each npm package reached is recorded with the files
// that load it. A package loaded by a string handed to a loader function (e.g. `importEsm('x')`,
// the all-in-one's real ESM import) counts too: any call whose callee name contains "import",
// "require" or "load" with a bare-specifier string argument.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

export interface ModuleGraph {
  /** Workspace source files reached, relative to the root. */
  files: string[];
  /** npm package name → the workspace files (relative) that load it. */
  packages: Map<string, string[]>;
}

const LOADER = /import|require|load/i;
const BARE = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/.*)?$/;

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function compilerOptions(root: string): ts.CompilerOptions {
  const file = join(root, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, dirname(file)).options;
}

/** Specifiers a source file loads: static imports and re-exports, require(), import(), loader calls. */
function specifiersOf(file: string, text: string): string[] {
  const found = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = ts.isIdentifier(node.expression)
        ? node.expression.text
        : ts.isPropertyAccessExpression(node.expression)
          ? node.expression.name.text
          : '';
      const [first] = node.arguments;
      if (LOADER.test(callee) && first && ts.isStringLiteralLike(first) && BARE.test(first.text)) found.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...new Set(found)];
}

export function moduleGraph(root: string, entries: readonly string[]): ModuleGraph {
  const options = compilerOptions(root);
  const cache = ts.createModuleResolutionCache(root, (f) => f, options);
  const seen = new Set<string>();
  const packages = new Map<string, string[]>();
  const queue = entries.map((entry) => join(root, entry));
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const rel = relative(root, file);
    for (const specifier of specifiersOf(file, readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('node:')) continue;
      const resolved = ts.resolveModuleName(specifier, file, options, ts.sys, cache).resolvedModule;
      const inWorkspace =
        resolved &&
        !resolved.isExternalLibraryImport &&
        /\.tsx?$/.test(resolved.resolvedFileName) &&
        !resolved.resolvedFileName.endsWith('.d.ts');
      if (inWorkspace) {
        queue.push(resolved.resolvedFileName);
      } else if (!specifier.startsWith('.') && BARE.test(specifier)) {
        const name = packageName(specifier);
        packages.set(name, [...(packages.get(name) ?? []), rel]);
      }
    }
  }
  return { files: [...seen].map((f) => relative(root, f)).sort(), packages };
}
