/**
 * What a problem's `type` resolves to: `GET /v1/problems/{type}` answers this page, the type's entry
 * of the catalogue (as docs/problems.md has it) with links to the others. Static, public, cacheable.
 */
import type { ProblemKind } from '../domain/errors';
import { PROBLEMS, problemTypeUri } from './problem-types';

export const isProblemKind = (kind: string): kind is ProblemKind => Object.hasOwn(PROBLEMS, kind);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** The catalogue's texts use Markdown code spans and nothing else. */
const inline = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

export function problemTypePage(kind: ProblemKind): string {
  const p = PROBLEMS[kind];
  const others = (Object.keys(PROBLEMS) as ProblemKind[])
    .filter((k) => k !== kind)
    .map((k) => `<li><a href="${problemTypeUri(k)}">${k}</a> (${PROBLEMS[k].status})</li>`)
    .join('');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${kind}: ${p.status} ${escapeHtml(p.title)}</title></head>`,
    `<body><main><h1 id="${kind}">${kind} — ${p.status} ${escapeHtml(p.title)}</h1>`,
    `<p>Problem type <code>${problemTypeUri(kind)}</code>, answered as <code>application/problem+json</code> with <code>type, title, status, detail, requestId</code>.</p>`,
    `<h2>When</h2><p>${inline(p.when)}</p>`,
    `<h2>What to do</h2><p>${inline(p.action)}</p>`,
    ...('members' in p ? [`<h2>Extra members</h2><p>${inline(p.members)}</p>`] : []),
    `<h2>Other problem types</h2><ul>${others}</ul>`,
    '</main></body></html>',
  ].join('\n');
}
