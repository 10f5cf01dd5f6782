import { describe, expect, it } from 'vitest';
import { completeDossier } from '../../shared/storage/dossiers';
import { localDay, timeliness, timelinessScore } from '../../shared/time';

describe('early / on time / late in Asia/Ho_Chi_Minh', () => {
  it('compares local calendar days, not instants', () => {
    // Due 17:00 local on 10 July; returned 08:00 local the same day → on time, not early.
    expect(timeliness('2025-07-10T10:00:00Z', '2025-07-10T01:00:00Z')).toBe('onTime');
    expect(timeliness('2025-07-10T10:00:00Z', '2025-07-09T10:00:00Z')).toBe('early');
    expect(timeliness('2025-07-10T10:00:00Z', '2025-07-11T01:00:00Z')).toBe('late');
  });

  it('puts 23:30 UTC into the next local day (UTC+7)', () => {
    expect(localDay('2025-07-09T23:30:00Z')).toBe('2025-07-10');
    expect(localDay('2025-07-09T16:59:59Z')).toBe('2025-07-09');
    expect(localDay('2025-07-09T17:00:00Z')).toBe('2025-07-10');
  });

  it('counts a return at 00:30 local after a due date of the previous local day as late', () => {
    // Due 23:59 local on 9 July (16:59 UTC); returned 00:30 local on 10 July (17:30 UTC on the 9th).
    expect(timeliness('2025-07-09T16:59:00Z', '2025-07-09T17:30:00Z')).toBe('late');
  });

  it('counts a return at 23:59 local on the due day as on time', () => {
    // Due 08:00 local on 10 July (01:00 UTC); returned 23:59 local on 10 July (16:59 UTC): same local day.
    expect(timeliness('2025-07-10T01:00:00Z', '2025-07-10T16:59:00Z')).toBe('onTime');
  });

  it('counts a return just before local midnight as early when due the next local day', () => {
    // Due 00:10 local on 11 July (17:10 UTC on the 10th); returned 23:50 local on 10 July (16:50 UTC).
    expect(timeliness('2025-07-10T17:10:00Z', '2025-07-10T16:50:00Z')).toBe('early');
  });

  it('reads offsets written in local time the same as UTC instants', () => {
    expect(timeliness('2025-07-10T00:10:00+07:00', '2025-07-09T23:50:00+07:00')).toBe('early');
    expect(timeliness('2025-07-10T00:10:00+07:00', '2025-07-10T23:50:00+07:00')).toBe('onTime');
  });

  it('scores early 2, on time 1, late 0 (indicator i1)', () => {
    expect([timelinessScore('early'), timelinessScore('onTime'), timelinessScore('late')]).toEqual([2, 1, 0]);
  });

  it('gives a dossier its local return day and timeliness when it is registered', () => {
    const dossier = completeDossier(
      {
        code: 'X-1',
        unit: 'cb',
        procedure: '1.001',
        applicantType: 'citizen',
        channel: 'counter',
        receivedAt: '2025-07-01T02:00:00.000Z',
        dueAt: '2025-07-09T10:00:00.000Z',
        returnedAt: '2025-07-09T18:00:00.000Z',
        supplementRequests: 0,
        complaint: false,
      },
      new Date('2025-07-09T18:05:00Z'),
      30,
    );
    expect(dossier.returnedDay).toBe('2025-07-10');
    expect(dossier.timeliness).toBe('late');
    // DESIGN §3: 30 days after the return, not after the registration five minutes later.
    expect(dossier.linkExpiresAt).toBe('2025-08-08T18:00:00.000Z');
  });
});
