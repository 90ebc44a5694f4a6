/**
 * The contract's own consistency: every route and problem type is documented, every created or
 * accepted resource has a Location, paged routes say so on both sides, and the problems page has a
 * section for every type URI the API answers with. (That docs/openapi.json is what the code builds
 * is `npm run lint`'s check.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { requestSchemasOf } from '../../contract/handlers';
import { contracts } from '../../contract/routes';
import { type RouteName, routes } from '../../functions/routes';
import type { ProblemKind } from '../../shared/domain/errors';
import { PROBLEMS, problemTypeUri } from '../../shared/http/problem-types';

const names = Object.keys(routes) as RouteName[];

describe('the contract registry', () => {
  it('documents every route of the route table, and nothing else', () => {
    expect(Object.keys(contracts).sort()).toEqual([...names].sort());
  });

  it('keeps the word requestId for the correlation id: no path parameter is called that', () => {
    expect(names.filter((name) => routes[name].path.includes('{requestId}'))).toEqual([]);
  });

  it('gives every 201 and every 202 a Location', () => {
    for (const name of names) {
      const responses = contracts[name].responses as Record<string, { headers?: readonly string[] }>;
      for (const status of ['201', '202'].filter((s) => responses[s])) {
        expect({ name, status, headers: responses[status]?.headers }).toEqual({
          name,
          status,
          headers: expect.arrayContaining(['Location']),
        });
      }
    }
  });

  it('pages exactly the routes that declare pageCursors, and their responses carry the cursor', async () => {
    const requests = await requestSchemasOf(routes, path.resolve(__dirname, '../..'));
    for (const name of names) {
      const query = requests[name].query as { shape?: Record<string, unknown> } | undefined;
      const pages = query?.shape !== undefined && 'cursor' in query.shape;
      const access = routes[name].access as { pageCursors?: boolean };
      expect({ name, pages }).toEqual({ name, pages: access.pageCursors === true });
      if (!pages) continue;
      const ok = (contracts[name].responses as Record<string, { schema: { shape?: Record<string, unknown> } }>)['200'];
      expect({ name, cursor: ok?.schema.shape && 'cursor' in ok.schema.shape }).toEqual({ name, cursor: true });
    }
  }, 30_000);
});

describe('the problems page', () => {
  const page = readFileSync(path.resolve(__dirname, '../../docs/problems.md'), 'utf8');

  it.each(Object.keys(PROBLEMS) as ProblemKind[])(
    'has a section for %s, anchored by the type URI’s last segment',
    (kind) => {
      const uri = problemTypeUri(kind);
      expect(uri.split('/').at(-1)).toBe(kind);
      expect(page).toContain(`<a id="${kind}"></a>\n## ${kind}`);
      expect(page).toContain(`\`${uri}\` — **${PROBLEMS[kind].status} `);
    },
  );
});
