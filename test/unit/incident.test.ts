import { complaintDueAt } from '../../shared/domain/complaint';
import { incidentNoticeSchema, subjectSelectionSchema } from '../../shared/domain/incident';

const notice = { natureOfBreach: 'n', likelyConsequences: 'c', measuresTaken: 'm', contactPoint: 'dpo' };

describe('subject selection', () => {
  it('takes ids, or a time range of placed orders, never both', () => {
    expect(subjectSelectionSchema.safeParse({ subjectIds: ['a', 'b'] }).success).toBe(true);
    const range = { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' };
    expect(subjectSelectionSchema.safeParse({ ordersPlaced: range }).success).toBe(true);
    expect(subjectSelectionSchema.safeParse({ subjectIds: ['a'], ordersPlaced: range }).success).toBe(false);
    expect(subjectSelectionSchema.safeParse({}).success).toBe(false);
  });

  it('refuses a range that ends before it starts or spans more than 366 days, and duplicate or no ids', () => {
    const parse = (from: string, to: string) =>
      subjectSelectionSchema.safeParse({ ordersPlaced: { from, to } }).success;
    expect(parse('2026-11-02T00:00:00Z', '2026-11-01T00:00:00Z')).toBe(false);
    expect(parse('2025-01-01T00:00:00Z', '2026-01-03T00:00:00Z')).toBe(false);
    expect(parse('2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z')).toBe(true);
    expect(subjectSelectionSchema.safeParse({ subjectIds: ['a', 'a'] }).success).toBe(false);
    expect(subjectSelectionSchema.safeParse({ subjectIds: [] }).success).toBe(false);
  });
});

describe('the breach notice', () => {
  it('needs all four things Art. 34 requires, and nothing else', () => {
    expect(incidentNoticeSchema.safeParse(notice).success).toBe(true);
    for (const key of Object.keys(notice)) {
      const { [key as keyof typeof notice]: _left, ...rest } = notice;
      expect(incidentNoticeSchema.safeParse(rest).success).toBe(false);
    }
    expect(incidentNoticeSchema.safeParse({ ...notice, subjectIds: ['x'] }).success).toBe(false);
    expect(incidentNoticeSchema.safeParse({ ...notice, natureOfBreach: '  ' }).success).toBe(false);
  });
});

describe('complaint deadlines', () => {
  const filed = new Date('2026-03-01T00:00:00Z');
  it('gives a breach report 72 hours to be triaged, every other complaint the configured days', () => {
    expect(complaintDueAt('privacy_breach', filed, 30).toISOString()).toBe('2026-03-04T00:00:00.000Z');
    expect(complaintDueAt('access', filed, 30).toISOString()).toBe('2026-03-31T00:00:00.000Z');
  });
});
