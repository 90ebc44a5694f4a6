/** docs/problems.md, generated from the problem catalogue: one section per type, anchored by its kind. */
import type { ProblemKind } from '../shared/domain/errors';
import { PROBLEMS, problemTypeUri } from '../shared/http/problem-types';

export function problemsPage(): string {
  const kinds = (Object.keys(PROBLEMS) as ProblemKind[]).sort((a, b) => PROBLEMS[a].status - PROBLEMS[b].status);
  const sections = kinds.map((kind) => {
    const p = PROBLEMS[kind];
    return [
      `<a id="${kind}"></a>`,
      `## ${kind}`,
      '',
      `\`${problemTypeUri(kind)}\` — **${p.status} ${p.title}**`,
      '',
      `**When:** ${p.when}`,
      '',
      `**What to do:** ${p.action}`,
      ...('members' in p ? ['', `**Extra members:** ${p.members}`] : []),
      '',
    ].join('\n');
  });
  return [
    '# Problem types',
    '',
    '<!-- Generated from contract/problems.ts by `npm run openapi`; do not edit. -->',
    '',
    'Errors from the API’s functions are RFC 9457 `application/problem+json`:',
    '`{ type, title, status, detail, requestId, errors? }`. The `type` is a reference such as',
    '`/v1/problems/conflict`: resolved against the API’s origin, the API answers it with that type’s',
    'page; here its last segment is the section’s anchor. `requestId` is the correlation id of the call,',
    'also sent as `X-Request-Id`. Some answers come from API Gateway itself and look different',
    '(`{"message": …}`): see [the HTTP contract](api.md#errors).',
    '',
    '| type | status | title |',
    '|---|---|---|',
    ...kinds.map((k) => `| [${k}](#${k}) | ${PROBLEMS[k].status} | ${PROBLEMS[k].title} |`),
    '',
    ...sections,
  ].join('\n');
}
