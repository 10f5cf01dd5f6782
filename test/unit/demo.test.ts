import { describe, expect, it } from 'vitest';
import { demoProcedureCatalogue, demoUnits, generateDemo, seededRandom } from '../../local/demo';
import { procedureSchema } from '../../shared/storage/procedures';
import { resolvePaths, unitInputSchema } from '../../shared/storage/units';
import { localDay, timeliness } from '../../shared/time';

const now = new Date('2026-03-15T05:00:00Z');
const demo = generateDemo({ now, linkTtlDays: 30 });
const share = <T>(values: T[], test: (value: T) => boolean) => values.filter(test).length / values.length;

describe('demo province', () => {
  it('is a valid tree with the province, ≥ 8 departments, ≥ 20 communes and a legacy district', () => {
    for (const unit of demoUnits) expect(unitInputSchema.safeParse(unit).success).toBe(true);
    const units = resolvePaths(demoUnits, []);
    expect(units.filter((unit) => unit.kind === 'province')).toHaveLength(1);
    expect(units.filter((unit) => unit.kind === 'department').length).toBeGreaterThanOrEqual(8);
    expect(units.filter((unit) => unit.kind === 'commune').length).toBeGreaterThanOrEqual(20);
    const district = units.find((unit) => unit.kind === 'district')!;
    expect(units.filter((unit) => unit.parent === district.id).length).toBeGreaterThanOrEqual(2);
    expect(units.some((unit) => unit.sipas)).toBe(true);
  });

  it('has ≥ 20 valid procedures with distinct codes', () => {
    expect(demoProcedureCatalogue.length).toBeGreaterThanOrEqual(20);
    for (const procedure of demoProcedureCatalogue)
      expect(procedureSchema.safeParse(procedure).success).toBe(true);
    expect(new Set(demoProcedureCatalogue.map((p) => p.code)).size).toBe(demoProcedureCatalogue.length);
  });
});

describe('demo generator', () => {
  it('is deterministic for a seed and differs for another', () => {
    expect(generateDemo({ now, linkTtlDays: 30 })).toEqual(demo);
    expect(generateDemo({ now, linkTtlDays: 30, seed: 7 }).dossiers[0]).not.toEqual(demo.dossiers[0]);
    const a = seededRandom(1);
    const b = seededRandom(1);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('makes ≥ 2,000 distinct dossiers returned in the 90 days before now', () => {
    expect(demo.dossiers.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(demo.dossiers.map((d) => d.rid)).size).toBe(demo.dossiers.length);
    const first = localDay(now.getTime() - 91 * 86_400_000);
    for (const dossier of demo.dossiers) {
      expect(dossier.returnedDay > first).toBe(true);
      expect(Date.parse(dossier.returnedAt)).toBeLessThan(now.getTime());
      expect(Date.parse(dossier.receivedAt)).toBeLessThan(Date.parse(dossier.returnedAt));
      expect(Date.parse(dossier.registeredAt)).toBeGreaterThanOrEqual(Date.parse(dossier.returnedAt));
      expect(dossier.timeliness).toBe(timeliness(dossier.dueAt, dossier.returnedAt));
    }
  });

  it('mixes ≈ 70% early, 20% on time, 10% late', () => {
    expect(share(demo.dossiers, (d) => d.timeliness === 'early')).toBeCloseTo(0.7, 1);
    expect(share(demo.dossiers, (d) => d.timeliness === 'onTime')).toBeCloseTo(0.2, 1);
    expect(share(demo.dossiers, (d) => d.timeliness === 'late')).toBeCloseTo(0.1, 1);
  });

  it('mixes ≈ 55% online, 40% counter, 5% postal, with some supplements and a few complaints', () => {
    expect(share(demo.dossiers, (d) => d.channel === 'online')).toBeCloseTo(0.55, 1);
    expect(share(demo.dossiers, (d) => d.channel === 'counter')).toBeCloseTo(0.4, 1);
    expect(share(demo.dossiers, (d) => d.channel === 'postal')).toBeCloseTo(0.05, 1);
    const supplements = share(demo.dossiers, (d) => d.supplementRequests > 0);
    expect(supplements).toBeGreaterThan(0.05);
    expect(supplements).toBeLessThan(0.35);
    const complaints = share(demo.dossiers, (d) => d.complaint);
    expect(complaints).toBeGreaterThan(0);
    expect(complaints).toBeLessThan(0.05);
  });

  it('rates about a third, mostly 2 or 1, within the link lifetime and before now', () => {
    const rated = demo.ratings.length / demo.dossiers.length;
    expect(rated).toBeGreaterThan(0.28);
    expect(rated).toBeLessThan(0.4);
    expect(share(demo.ratings, (r) => r.overall > 0)).toBeGreaterThan(0.75);
    expect(demo.ratings.some((r) => r.overall === 0 && r.reason)).toBe(true);
    const byRid = new Map(demo.dossiers.map((d) => [d.rid, d]));
    for (const rating of demo.ratings) {
      const dossier = byRid.get(rating.rid)!;
      expect(rating.unit).toBe(dossier.unit);
      expect(rating.returnedDay).toBe(dossier.returnedDay);
      expect(Date.parse(rating.ratedAt)).toBeGreaterThan(Date.parse(dossier.registeredAt));
      expect(Date.parse(rating.ratedAt)).toBeLessThan(
        Math.min(now.getTime(), Date.parse(dossier.linkExpiresAt)),
      );
      if (rating.overall === 0) expect(rating.reason).toBeDefined();
    }
    // Some answers arrive days after the return.
    expect(
      demo.ratings.some(
        (r) => Date.parse(r.ratedAt) - Date.parse(byRid.get(r.rid)!.returnedAt) > 3 * 86_400_000,
      ),
    ).toBe(true);
  });

  it('correlates the indicators: late dossiers are less often very satisfied, i3 follows supplements', () => {
    const late = demo.ratings.filter((r) => r.timeliness === 'late');
    const early = demo.ratings.filter((r) => r.timeliness === 'early');
    expect(share(late, (r) => r.overall === 2)).toBeLessThan(share(early, (r) => r.overall === 2));
    const byRid = new Map(demo.dossiers.map((d) => [d.rid, d]));
    for (const rating of demo.ratings) {
      if (byRid.get(rating.rid)!.supplementRequests >= 2) expect(rating.i3).toBe(0);
    }
  });

  it('gives Vietnamese comments to a share and SIPAS answers only for SIPAS units', () => {
    const commented = share(demo.ratings, (r) => r.comment !== undefined);
    expect(commented).toBeGreaterThan(0.15);
    expect(commented).toBeLessThan(0.5);
    const sipasUnits = new Set(demoUnits.filter((u) => u.sipas).map((u) => u.id));
    const withSipas = demo.ratings.filter((r) => r.sipas);
    expect(withSipas.length).toBeGreaterThan(0);
    for (const rating of withSipas) {
      expect(sipasUnits.has(rating.unit)).toBe(true);
      for (const value of Object.values(rating.sipas!)) expect(value).toBeGreaterThanOrEqual(1);
    }
  });
});
