/**
 * shared/config.ts builds a zod schema only for the variables that are set (DESIGN §7's cold start):
 * an unset variable takes its default, a set one is checked, and each default passes its own schema.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig, settings } from '../../shared/config';

describe('configuration', () => {
  it('gives every unset variable its default, and leaves an unset optional one out', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      TABLE_NAME: 'hailong',
      LINK_TTL_DAYS: 30,
      FEEDBACK_WORKING_DAYS: 15,
      MIN_N: 30,
      COMMENT_RETENTION_DAYS: 1095,
      SKILLS_PLAN146_SERVICE_ITEMS: 'any',
      QD766_MULTIPLE_SUPPLEMENTS_LATE: 'on',
      PUBLIC_DASHBOARD: 'off',
      STAGE: 'local',
      PORT: 3000,
    });
    expect('PUBLIC_BASE_URL' in config).toBe(false);
    expect('SIGNING_KEYS_SECRET_ARN' in config).toBe(false);
  });

  it('checks and converts every variable that is set', () => {
    const config = parseConfig({
      LINK_TTL_DAYS: '7',
      PUBLIC_DASHBOARD: 'on',
      PUBLIC_BASE_URL: 'https://danhgia.example',
    });
    expect(config.LINK_TTL_DAYS).toBe(7);
    expect(config.PUBLIC_DASHBOARD).toBe('on');
    expect(config.PUBLIC_BASE_URL).toBe('https://danhgia.example');
  });

  it('names every bad variable, in both languages, and ignores variables it does not know', () => {
    const parse = () =>
      parseConfig({ LINK_TTL_DAYS: '0', PUBLIC_BASE_URL: 'not a url', TABLE_NAME: '', HOME: '/root' });
    expect(parse).toThrow(/Invalid configuration \/ Cấu hình không hợp lệ/);
    expect(parse).toThrow(/LINK_TTL_DAYS/);
    expect(parse).toThrow(/PUBLIC_BASE_URL/);
    expect(parse).toThrow(/TABLE_NAME/);
    expect(parse).not.toThrow(/HOME/);
  });

  it('refuses a value a default would not pass: an empty string is set, not unset', () => {
    expect(() => parseConfig({ HAILONG_DATA_DIR: '' })).toThrow(/HAILONG_DATA_DIR/);
    expect(() => parseConfig({ MIN_N: '1.5' })).toThrow(/MIN_N/);
  });

  it('has defaults that pass their own schemas', () => {
    for (const [name, setting] of Object.entries(settings)) {
      if (setting.fallback === undefined) continue;
      const asSet = String(setting.fallback);
      expect(setting.schema().safeParse(asSet), name).toMatchObject({
        success: true,
        data: setting.fallback,
      });
    }
  });
});
