import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';

/** A link target found in a Markdown file, with its 1-based line. */
export interface MarkdownLink {
  target: string;
  line: number;
}

export interface BrokenLink {
  file: string;
  line: number;
  target: string;
  reason: string;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
// [text](target "title") and ![alt](target); the text may hold one level of brackets.
const INLINE_LINK = /!?\[(?:[^[\]]|\[[^[\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/;
const HTML_ID = /<a\s[^>]*?(?:id|name)="([^"]+)"/g;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Each line of the file outside fenced code blocks, with its 1-based number. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const opening = FENCE.exec(text)?.[1];
    if (fence) {
      if (opening && opening[0] === fence[0] && opening.length >= fence.length && text.trim() === opening) fence = undefined;
    } else if (opening) {
      fence = opening;
    } else {
      lines.push({ text, line: index + 1 });
    }
  });
  return lines;
}

/** The targets of every inline link, image and reference definition, outside code. */
export function linksIn(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { text, line } of proseLines(markdown)) {
    const prose = text.replace(/(`+)[^`]*?\1/g, (code) => ' '.repeat(code.length));
    const definition = REFERENCE_DEFINITION.exec(prose);
    if (definition) links.push({ target: unbracket(definition[1]), line });
    for (const match of prose.matchAll(INLINE_LINK)) links.push({ target: unbracket(match[1]), line });
  }
  return links;
}

function unbracket(target: string): string {
  return target.startsWith('<') && target.endsWith('>') ? target.slice(1, -1) : target;
}

/** The anchor GitHub gives a heading: its text, lower case, punctuation dropped, spaces → `-`. */
export function githubSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown file offers: its headings (repeats get -1, -2, …) and HTML ids. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = HEADING.exec(text);
    if (heading) {
      const slug = githubSlug(heading[1]);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const match of text.matchAll(HTML_ID)) anchors.add(match[1]);
  }
  return anchors;
}

/**
 * Whether a repository path is ignored by one of the root .gitignore's patterns (`name/` for a
 * folder anywhere, `*.ext`, or a plain name): a link there works here but not in a clone.
 */
export function ignoredBy(patterns: readonly string[], path: string): boolean {
  const segments = path.split(sep).join('/').split('/');
  return patterns.some((pattern) => {
    if (pattern.endsWith('/')) return segments.includes(pattern.slice(0, -1));
    if (pattern.startsWith('*.')) return segments[segments.length - 1].endsWith(pattern.slice(1));
    return segments.includes(pattern);
  });
}

export function gitignorePatterns(root: string): string[] {
  const file = resolve(root, '.gitignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim().replace(/^\//, ''))
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));
}

/**
 * The relative links of `file` that do not resolve: a file or folder that does not exist, lies
 * outside the repository or is git-ignored, or an anchor that the target Markdown file (or this
 * one, for `#anchor`) does not have. Links with a scheme (https:, mailto:) are not checked.
 */
export function brokenLinksOf(file: string, root: string, ignored: readonly string[] = gitignorePatterns(root)): BrokenLink[] {
  const markdown = readFileSync(file, 'utf8');
  const broken: BrokenLink[] = [];
  const report = (link: MarkdownLink, reason: string): void => void broken.push({ file: relative(root, file), line: link.line, target: link.target, reason });
  for (const link of linksIn(markdown)) {
    if (URL_SCHEME.test(link.target) || link.target.startsWith('//')) continue;
    const hash = link.target.indexOf('#');
    const path = decodeURIComponent((hash < 0 ? link.target : link.target.slice(0, hash)).split('?')[0]);
    const anchor = hash < 0 ? '' : decodeURIComponent(link.target.slice(hash + 1));
    const target = path === '' ? file : path.startsWith('/') ? resolve(root, `.${path}`) : resolve(dirname(file), path);
    const inRepo = relative(root, target);
    if (inRepo.startsWith('..') || resolve(root, inRepo) !== target) {
      report(link, 'points outside the repository');
    } else if (!existsSync(target)) {
      report(link, 'no such file or folder');
    } else if (inRepo !== '' && ignoredBy(ignored, inRepo)) {
      report(link, 'git-ignored: not in a clone');
    } else if (anchor && target.endsWith('.md') && statSync(target).isFile() && !anchorsOf(readFileSync(target, 'utf8')).has(anchor)) {
      report(link, `no heading with anchor #${anchor}`);
    }
  }
  return broken;
}
