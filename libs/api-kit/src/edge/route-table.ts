/**
 * The edge's route table, built from the services' own OpenAPI documents: every operation
 * (method and path template) is routed to the service whose document declares it. Matching is
 * by path segment; at each segment a literal beats a `{parameter}` (so `/cdrs.csv` is not taken
 * for `/cdrs/{id}`'s sibling `{id}`), with backtracking when the literal branch leads nowhere.
 */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OpenApiLike {
  paths?: Record<string, Partial<Record<string, unknown>> | undefined>;
}

export interface ServiceDocument {
  service: string;
  document: OpenApiLike;
}

export interface RouteMatch {
  /** The path template as the documents write it, e.g. /api/v1/stations/{id}. */
  template: string;
  /** The service that answers (the first listed of those that declare the operation). */
  service: string;
  /** Every service that declares this operation, in upstream order. */
  services: string[];
}

export type RouteLookup = { found: RouteMatch } | { status: 404 } | { status: 405; allow: string[] };

interface Node {
  literals: Map<string, Node>;
  param?: Node;
  /** Methods served at this exact path. */
  methods?: Map<HttpMethod, RouteMatch>;
}

const newNode = (): Node => ({ literals: new Map() });
const isParam = (segment: string): boolean => /^\{[^{}/]+\}$/.test(segment);

export const splitPath = (path: string): string[] => path.split('/').filter((s) => s.length > 0);

export class RouteTable {
  private readonly root = newNode();
  private readonly operations: { method: HttpMethod; match: RouteMatch }[] = [];

  constructor(documents: ServiceDocument[]) {
    for (const { service, document } of documents) {
      for (const [template, item] of Object.entries(document.paths ?? {})) {
        for (const method of HTTP_METHODS) {
          if (!item?.[method]) continue;
          this.add(method, template, service);
        }
      }
    }
  }

  /** Every operation with its owner, in document order. */
  list(): { method: HttpMethod; template: string; service: string; services: string[] }[] {
    return this.operations.map(({ method, match }) => ({ method, ...match }));
  }

  lookup(method: string, pathname: string): RouteLookup {
    const segments = splitPath(pathname).map(decodeSegment);
    if (segments.some((s) => s === undefined)) return { status: 404 };
    const node = find(this.root, segments as string[], 0);
    if (!node?.methods) return { status: 404 };
    const wanted = method.toLowerCase() as HttpMethod;
    const hit = node.methods.get(wanted) ?? (wanted === 'head' ? node.methods.get('get') : undefined);
    if (hit) return { found: hit };
    return { status: 405, allow: [...node.methods.keys()].map((m) => m.toUpperCase()) };
  }

  private add(method: HttpMethod, template: string, service: string): void {
    let node = this.root;
    for (const segment of splitPath(template)) {
      if (isParam(segment)) node = node.param ??= newNode();
      else {
        let next = node.literals.get(segment);
        if (!next) node.literals.set(segment, (next = newNode()));
        node = next;
      }
    }
    node.methods ??= new Map();
    const existing = node.methods.get(method);
    if (existing) {
      if (!existing.services.includes(service)) existing.services.push(service);
      return;
    }
    const match: RouteMatch = { template, service, services: [service] };
    node.methods.set(method, match);
    this.operations.push({ method, match });
  }
}

function find(node: Node, segments: string[], at: number): Node | undefined {
  if (at === segments.length) return node.methods ? node : undefined;
  const literal = node.literals.get(segments[at]);
  const viaLiteral = literal ? find(literal, segments, at + 1) : undefined;
  if (viaLiteral) return viaLiteral;
  return node.param ? find(node.param, segments, at + 1) : undefined;
}

/** A percent-decoded path segment, or undefined when it is malformed (`%zz`). */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
