/**
 * Edges of the self-assessment rules (shared/skills/rules.ts) and of the `GET /v1/skills` query
 * (shared/skills/query.ts): the plan146 rule's settings, the exactly-half working-age boundary.
 */
import { describe, expect, it } from 'vitest';
import { bandYears, isWorkingAgeBand, meetsPlan146, type Plan146Rule } from '../../shared/skills/rules';
import { skillsQuerySchema } from '../../shared/skills/query';
import { answersAll } from '../support/skills';

const rule = (overrides: Partial<Plan146Rule>): Plan146Rule => ({
  opsLevel: 2,
  serviceLevel: 1,
  serviceItems: 'any',
  ...overrides,
});

describe('plan146 rule settings', () => {
  it('with serviceItems "all", needs every item of a service, not one', () => {
    // Banking has two items; one of them at 0.
    const oneBankItem = answersAll(2, { bank_qr: 0 });
    expect(meetsPlan146(oneBankItem, rule({ serviceItems: 'any' }))).toBe(true);
    expect(meetsPlan146(oneBankItem, rule({ serviceItems: 'all' }))).toBe(false);
    expect(meetsPlan146(answersAll(2), rule({ serviceItems: 'all' }))).toBe(true);
  });

  it('with serviceItems "all", reads the service level on every item', () => {
    // Every service item "with help" (1), the online public services on one's own (2).
    const withHelp = answersAll(1, { ops_submit: 2, ops_vneid: 2 });
    expect(meetsPlan146(withHelp, rule({ serviceItems: 'all', serviceLevel: 1 }))).toBe(true);
    expect(meetsPlan146(withHelp, rule({ serviceItems: 'all', serviceLevel: 2 }))).toBe(false);
  });

  it('reads the configured level on the online-public-service items', () => {
    const opsWithHelp = answersAll(2, { ops_submit: 1 });
    expect(meetsPlan146(opsWithHelp, rule({ opsLevel: 2 }))).toBe(false);
    expect(meetsPlan146(opsWithHelp, rule({ opsLevel: 1 }))).toBe(true);
  });

  it('counts an unanswered item as 0', () => {
    const { ops_vneid: _dropped, ...withoutVneid } = answersAll(2);
    expect(meetsPlan146(withoutVneid, rule({ opsLevel: 1 }))).toBe(false);
    expect(meetsPlan146(withoutVneid, rule({ opsLevel: 0 }))).toBe(true);
  });
});

describe('working-age bands at exactly half their years', () => {
  it('reads the bands as whole years, 65+ as 65–74', () => {
    expect(bandYears('25-34')).toEqual([25, 34]);
    expect(bandYears('65+')).toEqual([65, 74]);
  });

  it.each([
    // [band, min, max, years inside of 10, counts]
    ['55-64', 15, 59, 5, true], // 55–59
    ['55-64', 15, 58, 4, false], // 55–58
    ['15-24', 20, 60, 5, true], // 20–24
    ['15-24', 21, 60, 4, false], // 21–24
    ['65+', 15, 69, 5, true], // 65–69
    ['65+', 15, 68, 4, false], // 65–68
    ['35-44', 15, 60, 10, true],
    ['15-24', 30, 60, 0, false], // entirely below the working age
  ] as const)(
    '%s with working age %i–%i (%i of 10 years inside) counts: %s',
    (band, min, max, _inside, counts) => {
      expect(isWorkingAgeBand(band, { min, max })).toBe(counts);
    },
  );
});

describe('GET /v1/skills query', () => {
  it('defaults the indicator to plan146', () => {
    expect(skillsQuerySchema.parse({ unit: 'cb', from: '2026-01-01', to: '2026-01-31' })).toEqual({
      unit: 'cb',
      from: '2026-01-01',
      to: '2026-01-31',
      indicator: 'plan146',
    });
  });

  it('refuses a day that is not YYYY-MM-DD, saying the format', () => {
    const result = skillsQuerySchema.safeParse({ unit: 'cb', from: '2026-1-1', to: '2026-01-31' });
    expect(result.success).toBe(false);
    const issues = result.error?.issues ?? [];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((issue) => issue.path[0] === 'from')).toBe(true);
    // The one calendar rule (shared/date-range.ts) names the format and the calendar.
    expect(issues.map((issue) => issue.message).join(' ')).toContain(
      '(YYYY-MM-DD) in 2000-01-01 … 2100-12-31',
    );
  });

  it('refuses an indicator it does not know', () => {
    const result = skillsQuerySchema.safeParse({
      unit: 'cb',
      from: '2026-01-01',
      to: '2026-01-31',
      indicator: 'dsi3',
    });
    expect(result.error?.issues[0]?.path).toEqual(['indicator']);
  });
});
