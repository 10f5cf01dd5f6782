/** The command-line parser's pieces (local/cli/arguments.ts), with values worked by hand. */
import { describe, expect, it } from 'vitest';
import { editDistance, nearest, parseCommandArgs, specOfUsage, UsageError } from '../../local/cli/arguments';

describe('specOfUsage', () => {
  it('reads options with values, switches and positionals from a usage line', () => {
    expect(specOfUsage('create --unit UNIT --permissions a,b [--name NAME] [--dry-run]')).toEqual({
      options: {
        unit: { type: 'string' },
        permissions: { type: 'string' },
        name: { type: 'string' },
        'dry-run': { type: 'boolean' },
      },
      positionals: [],
    });
    expect(specOfUsage('set UNIT URL [NOTE]')).toEqual({
      options: {},
      positionals: [
        { name: 'UNIT', optional: false },
        { name: 'URL', optional: false },
        { name: 'NOTE', optional: true },
      ],
    });
    expect(specOfUsage('import FILE|DIR [--codes FILE]').options).toEqual({ codes: { type: 'string' } });
    expect(specOfUsage('import FILE|DIR [--codes FILE]').positionals).toEqual([
      { name: 'FILE|DIR', optional: false },
    ]);
  });
});

describe('editDistance and nearest', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('form', 'from')).toBe(1);
    expect(editDistance('from', 'from')).toBe(0);
    expect(editDistance('', 'to')).toBe(2);
    expect(editDistance('date', 'to')).toBe(3); // delete d and a, then e → o
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ca', 'abc')).toBe(3); // optimal string alignment, not the unrestricted distance (2)
  });

  it('suggests the nearest name only when it is near', () => {
    expect(nearest('form', ['date', 'from', 'to'])).toBe('from');
    expect(nearest('permision', ['unit', 'permissions', 'name'])).toBe('permissions');
    expect(nearest('x', ['unit', 'name'])).toBeUndefined();
    expect(nearest('ddate', ['date', 'to'])).toBe('date');
  });
});

describe('parseCommandArgs', () => {
  const spec = specOfUsage('list --unit UNIT [--from YYYY-MM] [--to YYYY-MM]');

  it('accepts the options as written, with = or a space, and the global ones', () => {
    expect(parseCommandArgs(['--unit', 'cb', '--from=2026-01', '--aws'], spec)).toEqual({
      positionals: [],
      options: { unit: 'cb', from: '2026-01', aws: true },
    });
  });

  it('refuses a misspelt option naming the nearest, in both languages', () => {
    const error = (() => {
      try {
        parseCommandArgs(['--unit', 'cb', '--form', '2026-01'], spec);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).text).toEqual({
      vi: '--form: tùy chọn không hợp lệ; có phải ý bạn là --from?',
      en: '--form: unknown option; did you mean --from?',
    });
  });

  it('lists the valid options when nothing is near', () => {
    expect(() => parseCommandArgs(['--zzzzzz'], spec)).toThrow(
      '--zzzzzz: unknown option; valid options: --unit, --from, --to',
    );
    expect(() => parseCommandArgs(['-x'], spec)).toThrow('-x: unknown option');
  });

  it('refuses an argument too many and a missing one', () => {
    expect(() => parseCommandArgs(['2026-01'], spec)).toThrow(
      '"2026-01": unexpected argument (this command takes no arguments)',
    );
    const positional = specOfUsage('set UNIT URL');
    expect(() => parseCommandArgs(['a', 'b', 'c'], positional)).toThrow(
      '"c": unexpected argument (this command takes UNIT URL)',
    );
    expect(() => parseCommandArgs(['a'], positional)).toThrow('Missing the argument URL.');
    expect(parseCommandArgs(['a', 'https://x'], positional).positionals).toEqual(['a', 'https://x']);
  });
});
