/**
 * Contract checks for e2e tests: every response the test clients receive is checked against the
 * committed OpenAPI document (docs/openapi.json) — a documented status, a documented media type, a
 * body that validates (Ajv, JSON Schema 2020-12) and every required header. A response the document
 * does not describe fails the test that received it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { type GatewayRoute, matchPath, matchRoute } from '../../local/gateway/routing';

const DOCUMENT_ID = 'https://contract.local/openapi.json';

// biome-ignore lint/suspicious/noExplicitAny: the document is JSON walked by pointer
type Json = any;

const document: Json = JSON.parse(readFileSync(path.join(__dirname, '../../docs/openapi.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...document, $id: DOCUMENT_ID }, undefined, undefined, false);
const validators = new Map<string, ValidateFunction>();

/** Operations by path template, as routes the local gateway's matcher understands. */
const operations: Record<string, GatewayRoute> = Object.fromEntries(
  Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([template, item]) =>
    Object.keys(item).map((method) => [
      `${method.toUpperCase()} ${template}`,
      { method: method.toUpperCase(), path: template, entry: '', auth: 'public' as const },
    ]),
  ),
);

const pointerSegment = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const resolve = (pointer: string): Json =>
  pointer
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => node?.[key], document);

/** Follows a `$ref` inside the document; returns the object and where it is. */
function deref(node: Json, at: string): { node: Json; at: string } {
  return node?.$ref ? { node: resolve(node.$ref), at: node.$ref } : { node, at };
}

export interface ObservedResponse {
  readonly method: string;
  /** The request URL's path (no query). */
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  /** The body as received ('' when none). */
  readonly text: string;
}

/** What the document says about this response: undefined when it matches, else why it does not. */
export function contractViolation(response: ObservedResponse): string | undefined {
  const where = `${response.method} ${response.path} → ${response.status}`;
  const declared = declaredResponse(response);
  if (typeof declared === 'string') return `${where}: ${declared}`;
  const { node, at } = declared;
  for (const [name, raw] of Object.entries((node.headers ?? {}) as Record<string, Json>)) {
    const headerObject = deref(raw, '').node;
    if (headerObject.required && !response.headers.has(name)) return `${where}: required header ${name} is missing`;
  }
  const content = (node.content ?? {}) as Record<string, Json>;
  if (Object.keys(content).length === 0) {
    return response.text === ''
      ? undefined
      : `${where}: the document declares no body, got ${response.text.slice(0, 120)}`;
  }
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!content[mediaType])
    return `${where}: undocumented media type '${mediaType}' (documented: ${Object.keys(content)})`;
  // Opaque bytes (a part of a document): the media type and headers are what can be checked.
  if (mediaType === 'application/octet-stream') return undefined;
  // A page for people: it must at least be a whole HTML document.
  if (mediaType === 'text/html') {
    return /^<!doctype html>/i.test(response.text) ? undefined : `${where}: not an HTML document`;
  }
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return `${where}: the body is not JSON: ${response.text.slice(0, 120)}`;
  }
  const pointer = `${at}/content/${pointerSegment(mediaType)}/schema`;
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}${pointer}` });
    validators.set(pointer, validate);
  }
  if (validate(body)) return undefined;
  const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
  return `${where}: the body does not match the document: ${errors.join('; ')} — ${response.text.slice(0, 300)}`;
}

/** The response object the document declares for this status, or why there is none. */
function declaredResponse(response: ObservedResponse): { node: Json; at: string } | string {
  const exact = matchRoute(operations, response.method, response.path);
  if (exact) {
    const pointer = `#/paths/${pointerSegment(exact.route.path)}/${response.method.toLowerCase()}/responses`;
    const responses = resolve(pointer);
    const raw = responses?.[String(response.status)];
    if (!raw) return `undocumented status (documented: ${Object.keys(responses ?? {}).join(', ')})`;
    return deref(raw, `${pointer}/${response.status}`);
  }
  // No operation: a known path with another method is 405, anything else is API Gateway's 404.
  const component = matchPath(operations, response.path) ? 'MethodNotAllowed' : 'NoRoute';
  const expected = component === 'MethodNotAllowed' ? 405 : 404;
  if (response.status !== expected) return `no operation here; expected the ${component} answer (${expected})`;
  return { node: resolve(`#/components/responses/${component}`), at: `#/components/responses/${component}` };
}

/** Throws (failing the test) when the response is not one the document describes. */
export function assertMatchesContract(response: ObservedResponse): void {
  const violation = contractViolation(response);
  if (violation) throw new Error(`Contract violation: ${violation}`);
}
