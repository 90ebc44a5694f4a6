import {
  assignComplaintSchema,
  COMPLAINT_CATEGORIES,
  canTransitionComplaint,
  complaintQueueFilterSchema,
  fileComplaintSchema,
  isComplaintOverdue,
  resolveComplaintSchema,
} from '../../shared/domain/complaint';

const ULID = '01JABCDEFGHJKMNPQRSTVWXYZ0';

describe('complaint filing schema', () => {
  it.each(COMPLAINT_CATEGORIES)('accepts the category %s', (category) => {
    expect(fileComplaintSchema.safeParse({ category, description: 'x' }).success).toBe(true);
  });

  it('refuses an unknown category', () => {
    expect(fileComplaintSchema.safeParse({ category: 'billing', description: 'x' }).success).toBe(false);
  });

  it('refuses unknown fields, so nothing unexpected is stored', () => {
    const parsed = fileComplaintSchema.safeParse({ category: 'other', description: 'x', status: 'resolved' });
    expect(parsed.success).toBe(false);
    expect(fileComplaintSchema.safeParse({ category: 'other', description: 'x', subjectId: 'someone' }).success).toBe(
      false,
    );
  });

  it('trims the description and refuses an empty or oversized one', () => {
    expect(fileComplaintSchema.parse({ category: 'access', description: '  late reply  ' }).description).toBe(
      'late reply',
    );
    expect(fileComplaintSchema.safeParse({ category: 'access', description: '   ' }).success).toBe(false);
    expect(fileComplaintSchema.safeParse({ category: 'access', description: 'x'.repeat(5001) }).success).toBe(false);
    expect(fileComplaintSchema.safeParse({ category: 'access' }).success).toBe(false);
  });

  it('takes a related request id only as a ULID', () => {
    expect(
      fileComplaintSchema.safeParse({ category: 'erasure', description: 'x', relatedRequestId: ULID }).success,
    ).toBe(true);
    for (const bad of ['123', `${ULID}0`, ULID.toLowerCase(), '01JABCDEFGHJKMNPQRSTVWXYZI']) {
      expect(
        fileComplaintSchema.safeParse({ category: 'erasure', description: 'x', relatedRequestId: bad }).success,
      ).toBe(false);
    }
  });
});

describe('officer bodies', () => {
  it('needs an assignee and refuses unknown fields', () => {
    expect(assignComplaintSchema.safeParse({ assignee: 'officer-7' }).success).toBe(true);
    expect(assignComplaintSchema.safeParse({ assignee: ' ' }).success).toBe(false);
    expect(assignComplaintSchema.safeParse({ assignee: 'a', status: 'resolved' }).success).toBe(false);
  });

  it('needs a resolution and refuses unknown fields', () => {
    expect(resolveComplaintSchema.safeParse({ resolution: 'Fixed.' }).success).toBe(true);
    expect(resolveComplaintSchema.safeParse({}).success).toBe(false);
    expect(resolveComplaintSchema.safeParse({ resolution: 'Fixed.', notify: false }).success).toBe(false);
  });
});

describe('queue filter', () => {
  it('parses status and overdue, and refuses other values', () => {
    expect(complaintQueueFilterSchema.parse({})).toEqual({});
    expect(complaintQueueFilterSchema.parse({ status: 'resolved', overdue: 'true' })).toEqual({
      status: 'resolved',
      overdue: true,
    });
    expect(complaintQueueFilterSchema.parse({ overdue: 'false' })).toEqual({ overdue: false });
    expect(complaintQueueFilterSchema.safeParse({ status: 'closed' }).success).toBe(false);
    expect(complaintQueueFilterSchema.safeParse({ overdue: 'yes' }).success).toBe(false);
    expect(complaintQueueFilterSchema.safeParse({ sort: 'dueAt' }).success).toBe(false);
  });
});

describe('complaint lifecycle', () => {
  it('allows open → assigned → (re)assigned → resolved and nothing after resolution', () => {
    expect(canTransitionComplaint('open', 'assigned')).toBe(true);
    expect(canTransitionComplaint('open', 'resolved')).toBe(true);
    expect(canTransitionComplaint('assigned', 'assigned')).toBe(true);
    expect(canTransitionComplaint('assigned', 'resolved')).toBe(true);
    expect(canTransitionComplaint('assigned', 'open')).toBe(false);
    for (const to of ['open', 'assigned', 'resolved'] as const)
      expect(canTransitionComplaint('resolved', to)).toBe(false);
  });

  it('is overdue only while open and strictly past its due time', () => {
    const dueAt = '2026-03-31T00:00:00.000Z';
    expect(isComplaintOverdue({ status: 'open', dueAt }, new Date(dueAt))).toBe(false);
    expect(isComplaintOverdue({ status: 'open', dueAt }, new Date('2026-03-31T00:00:00.001Z'))).toBe(true);
    expect(isComplaintOverdue({ status: 'assigned', dueAt }, new Date('2026-04-30T00:00:00Z'))).toBe(true);
    expect(isComplaintOverdue({ status: 'resolved', dueAt }, new Date('2026-04-30T00:00:00Z'))).toBe(false);
  });
});
