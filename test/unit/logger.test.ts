import { allowListed, logger, REDACTED } from '../../shared/adapters/logger';

/** What the real logger prints for one call, parsed (Powertools writes one JSON line to stdout or stderr). */
function logged(write: () => void): Record<string, unknown> {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  };
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation(capture),
  );
  try {
    write();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  const [line] = lines;
  if (!line) throw new Error('nothing was logged');
  return JSON.parse(line) as Record<string, unknown>;
}

describe('log redaction by allow-list', () => {
  const loud = logger.createChild({ logLevel: 'INFO' });

  it('[P-19] logs only named safe fields, at any depth; everything else is redacted', () => {
    const line = logged(() =>
      loud.info('Refund decided', {
        requestId: 'r-1',
        contactPhone: '+44 canary',
        reason: 'canary reason',
        resolution: 'canary resolution',
        note: 'canary note',
        nested: { message: 'canary message' },
        summary: { processed: 3, message: 'canary summary message', itemsDeleted: 1 },
      }),
    );
    expect(JSON.stringify(line)).not.toMatch(/canary/);
    expect(line).toMatchObject({
      level: 'INFO',
      message: 'Refund decided',
      requestId: 'r-1',
      contactPhone: REDACTED,
      reason: REDACTED,
      resolution: REDACTED,
      note: REDACTED,
      nested: REDACTED,
      summary: { processed: 3, itemsDeleted: 1, message: REDACTED },
    });
  });

  it('logs an error by its name only: its message may quote data', () => {
    const line = logged(() => loud.error('Failed', new Error('canary@example.com not found')));
    expect(JSON.stringify(line)).not.toMatch(/canary/);
    expect(line).toMatchObject({ error: { name: 'Error' } });
  });

  it('keeps arrays of safe values and redacts unsafe items inside them', () => {
    expect(allowListed({ invalid: [{ subjectId: 's1', email: 'x' }] })).toEqual({
      invalid: [{ subjectId: 's1', email: REDACTED }],
    });
  });
});
