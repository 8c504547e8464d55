import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { anchorsOf, brokenLinksOf, githubSlug, ignoredBy, linksIn } from './markdown-links';

const ROOT = resolve(__dirname, '../../../..');

/** README.md and every Markdown file under docs/ (ADRs and benchmark reports included). */
function documents(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return name.endsWith('.md') ? [path] : [];
    });
  return [join(ROOT, 'README.md'), ...walk(join(ROOT, 'docs'))];
}

describe('the checker', () => {
  it('finds inline links, images and reference definitions, but not links inside code', () => {
    const markdown = [
      'See [the docs](docs/a.md#part) and ![a picture](img/b.png "title").',
      '[`apps/x`](apps/x) `[not](a-link.md)`',
      '[ref]: <docs/c.md>',
      '```sh',
      'echo [not](a-link-either.md)',
      '```',
    ].join('\n');
    expect(linksIn(markdown)).toEqual([
      { target: 'docs/a.md#part', line: 1 },
      { target: 'img/b.png', line: 1 },
      { target: 'apps/x', line: 2 },
      { target: 'docs/c.md', line: 3 },
    ]);
  });

  it.each([
    ['Plug & Charge', 'plug--charge'],
    ['Kubernetes: the Helm chart `helm/voltlane`', 'kubernetes-the-helm-chart-helmvoltlane'],
    ['0002 — The gateway’s hot path', '0002--the-gateways-hot-path'],
    ['Scenarios 1–5 before issue #15', 'scenarios-15-before-issue-15'],
    ['A [linked](x.md) heading', 'a-linked-heading'],
  ])('slugs the heading %j as GitHub does: %s', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });

  it('numbers repeated headings and reads HTML anchors, ignoring headings in code', () => {
    const anchors = anchorsOf('# Results\n## Results\n<a id="custom"></a>\n```\n# not a heading\n```\n');
    expect([...anchors]).toEqual(['results', 'results-1', 'custom']);
  });

  it('reports a missing file, a missing anchor, a git-ignored target and a path outside the repository', () => {
    const root = mkdtempSync(join(tmpdir(), 'docs-links-'));
    try {
      mkdirSync(join(root, 'docs'));
      mkdirSync(join(root, 'reports'));
      writeFileSync(join(root, 'reports', 'r.md'), '# R\n');
      writeFileSync(join(root, 'docs', 'other.md'), '# Other\n## Part two\n');
      const file = join(root, 'docs', 'index.md');
      writeFileSync(
        file,
        [
          '# Index',
          '[fine](other.md#part-two) [fine too](#index) [web](https://example.com/x.md) [folder](../docs)',
          '[gone](missing.md) [no anchor](other.md#part-three) [here](#nowhere)',
          '[ignored](../reports/r.md) [outside](../../elsewhere.md)',
        ].join('\n'),
      );
      const broken = brokenLinksOf(file, root, ['reports/']).map(({ line, target, reason }) => ({ line, target, reason }));
      expect(broken).toEqual([
        { line: 3, target: 'missing.md', reason: 'no such file or folder' },
        { line: 3, target: 'other.md#part-three', reason: 'no heading with anchor #part-three' },
        { line: 3, target: '#nowhere', reason: 'no heading with anchor #nowhere' },
        { line: 4, target: '../reports/r.md', reason: 'git-ignored: not in a clone' },
        { line: 4, target: '../../elsewhere.md', reason: 'points outside the repository' },
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('matches .gitignore patterns by folder name, extension and name', () => {
    expect(ignoredBy(['reports/'], 'reports/bench/latest.md')).toBe(true);
    expect(ignoredBy(['*.log'], 'tmp/x.log')).toBe(true);
    expect(ignoredBy(['reports/', '*.log'], 'docs/benchmarks/results/r/report.md')).toBe(false);
  });
});

describe('the documentation', () => {
  it.each(documents().map((file) => [relative(ROOT, file), file]))('%s: every relative link resolves', (_name, file) => {
    expect(brokenLinksOf(file, ROOT)).toEqual([]);
  });

  it('the README layout table names every folder under apps/, libs/ and deploy/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const listed = new Set(linksIn(readme).map((l) => l.target.replace(/\/$/, '')));
    const folders = ['apps', 'libs', 'deploy'].flatMap((parent) =>
      readdirSync(join(ROOT, parent))
        .filter((name) => statSync(join(ROOT, parent, name)).isDirectory())
        .map((name) => `${parent}/${name}`),
    );
    expect(folders.filter((folder) => !listed.has(folder))).toEqual([]);
    expect(['bench', 'scripts', 'helm/voltlane'].filter((folder) => !listed.has(folder))).toEqual([]);
  });
});
