// The promise register's own promises (P-09, P-18, P-28, P-30) and the checks `npm run promises`
// runs (docs/decisions/0090): each check is shown failing on a register that breaks it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  complianceMarkdown,
  problems,
  type Register,
  registerSchema,
  resultsByPromise,
  tagsInSource,
  textHash,
  withoutResults,
} from '../../scripts/promise-register';
import { carriers, serviceIdsOf } from '../../shared/config/carriers';
import { processors } from '../../shared/config/processors';
import { ACCESS_PURPOSES, CONSENT_PURPOSES, ROLES } from '../../shared/domain/access';
import { createShipment } from '../../shared/usecases/shipping';
import { memoryWorld, seedPlacedOrder, stockDemoCatalogue } from '../support/fakes';
import { sampleOrder } from '../support/sample-requests';

describe('what the platform does with data', () => {
  it('[P-09] has no role, purpose or processor for marketing, advertising or selling data', () => {
    const names = [
      ...ROLES,
      ...Object.values(ACCESS_PURPOSES).flat(),
      ...CONSENT_PURPOSES,
      ...processors.flatMap((p) => [p.role, p.purpose]),
    ].join(' ');
    expect(names).not.toMatch(/market|advert|promot|sell|sale|broker|profil/i);
    expect(new Set(processors.map((p) => p.role))).toEqual(new Set(['payment', 'delivery', 'hosting', 'mail']));
  });

  it('[P-28] lists every party that receives data: the processor, every configured carrier, hosting and mail, each bound by an agreement', () => {
    const ids = processors.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['stripe', ...Object.keys(carriers), 'aws', 'aws-ses']));
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of processors) {
      expect(p.receives.length).toBeGreaterThan(0);
      expect(p.agreement).toMatch(/agreement|addendum/i);
    }
  });

  it.each(Object.keys(carriers) as (keyof typeof carriers)[])(
    '[P-18][P-30] hands %s only the fields the register lists for it',
    async (carrier) => {
      const world = memoryWorld();
      stockDemoCatalogue(world);
      const delivery = { carrier, service: serviceIdsOf(carrier)[0] as string };
      await seedPlacedOrder(world, 'ada', 'o-1', { ...sampleOrder(), delivery });
      const packer = { actor: { id: 'packer-1', role: 'fulfillment' as const }, purpose: 'shipping', requestId: 'r' };
      const { handOff } = await createShipment(world, 'o-1', delivery, packer);
      const asListed: Record<string, string> = {
        recipient: 'recipient name',
        address: 'shipping address',
        phone: 'recipient phone number',
      };
      const sent = Object.keys(handOff).map((field) => asListed[field] ?? `unlisted field ${field}`);
      expect(sent.sort()).toEqual([...(processors.find((p) => p.id === carrier)?.receives ?? [])].sort());
    },
  );
});

describe('the promise check', () => {
  const promise = 'Customers can get a copy of all their data.';
  const register = (over: Partial<Register['promises'][number]> = {}): Register => ({
    $comment: 'test',
    promises: [{ id: 'P-01', source: '§4, ¶1', promise, mechanism: ['a.ts'], reviewed: textHash(promise), ...over }],
  });
  const tagged = tagsInSource('test/x.test.ts', "describe('x', () => {\n  it('[P-01] exports', () => {});\n});");
  const exists = () => true;
  const report = (status: string, title = '[P-01] exports') => ({
    testResults: [{ name: '/x', assertionResults: [{ fullName: `x ${title}`, status }] }],
  });

  it('reads tags from titles, including the line after an opening it(', () => {
    expect(tagged).toEqual([{ file: 'test/x.test.ts', line: 2, ids: ['P-01'], title: 'exports' }]);
    expect(tagsInSource('t', "  it(\n    '[P-02][P-03] two',\n  () => {});")).toMatchObject([
      { ids: ['P-02', 'P-03'] },
    ]);
    expect(tagsInSource('t', "const x = '[P-04]';")).toEqual([]);
  });

  it('passes a register whose promise has a passing tagged test', () => {
    expect(problems({ register: register(), tagged, exists })).toEqual([]);
    expect(problems({ register: register(), tagged, exists, results: resultsByPromise(report('passed')) })).toEqual([]);
  });

  it('fails a promise with no tagged test and no decision, and passes it with a decision', () => {
    expect(problems({ register: register(), tagged: [], exists })).toEqual([
      'P-01 has no test tagged [P-01] and no decision.',
    ]);
    expect(problems({ register: register({ decision: 'd.md' }), tagged: [], exists })).toEqual([]);
  });

  it('fails a promise whose tagged tests failed or did not run', () => {
    expect(problems({ register: register(), tagged, exists, results: resultsByPromise(report('failed')) })).toEqual([
      'P-01 has no passing test in the report and no decision.',
      'P-01: 1 tagged test(s) failed.',
    ]);
    expect(
      problems({ register: register(), tagged, exists, results: resultsByPromise(report('passed', 'other')) }),
    ).toEqual(['P-01 has no passing test in the report and no decision.']);
  });

  it('fails a tag that names no promise, and a mechanism that does not exist', () => {
    const stray = tagsInSource('test/y.test.ts', "it('[P-99] stray', () => {});");
    expect(problems({ register: register(), tagged: [...tagged, ...stray], exists })).toEqual([
      'test/y.test.ts:1 is tagged [P-99], which is not in the register.',
    ]);
    expect(problems({ register: register(), tagged, exists: () => false })).toEqual([
      'P-01 names a.ts, which does not exist.',
    ]);
  });

  it('fails a promise whose text changed since its tests were reviewed, naming the new hash', () => {
    const changed = register({ promise: 'Customers can get a copy of some of their data.' });
    expect(problems({ register: changed, tagged, exists })).toEqual([
      expect.stringContaining(`P-01's text changed since its tests were reviewed`),
    ]);
    expect(problems({ register: changed, tagged, exists })[0]).toContain(textHash(changed.promises[0]?.promise ?? ''));
  });

  it('builds the same page whatever the results, but for the result column', () => {
    const before = complianceMarkdown(register(), tagged, resultsByPromise(report('passed')));
    const after = complianceMarkdown(register(), tagged, resultsByPromise(report('failed')));
    expect(before).not.toEqual(after);
    expect(withoutResults(before)).toEqual(withoutResults(after));
    expect(withoutResults(complianceMarkdown(register({ promise: 'Other.' }), tagged))).not.toEqual(
      withoutResults(before),
    );
  });

  it('holds for the committed register: every promise valid, every reviewed hash current', () => {
    const committed = registerSchema.parse(
      JSON.parse(readFileSync(path.join(process.cwd(), 'docs/promises.json'), 'utf8')),
    );
    expect(committed.promises.length).toBeGreaterThanOrEqual(40);
    expect(committed.promises.filter((p) => p.reviewed !== textHash(p.promise)).map((p) => p.id)).toEqual([]);
  });
});
