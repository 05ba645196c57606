import { describe, expect, it } from 'vitest';
import { resolveGeneratedAt } from '../../src/cli/generated-at.js';
import { UsageError } from '../../src/cli/usage-error.js';

const never = () => {
  throw new Error('now() must not be called');
};

describe('generation time', () => {
  it.each([
    ['2023-04-30', '2023-04-30T00:00:00Z'],
    ['2023-04-30T17:05', '2023-04-30T17:05:00Z'],
    ['2023-04-30 17:05:09', '2023-04-30T17:05:09Z'],
    ['2023-04-30T17:05:09.999Z', '2023-04-30T17:05:09Z'],
    ['2023-04-30T17:05:09+01:00', '2023-04-30T16:05:09Z'],
  ])('--as-of %s is %s, whatever the time zone', (asOf, stamp) => {
    expect(resolveGeneratedAt(asOf, {}, never)).toBe(stamp);
  });

  it.each(['31/12/2022', '2023-02-30', '2023-13-01', 'yesterday', ''])('refuses --as-of %j', (asOf) => {
    expect(() => resolveGeneratedAt(asOf, {}, never)).toThrow(UsageError);
  });

  it('uses SOURCE_DATE_EPOCH when --as-of is absent, and --as-of wins over it', () => {
    expect(resolveGeneratedAt(undefined, { SOURCE_DATE_EPOCH: '1700000000' }, never)).toBe('2023-11-14T22:13:20Z');
    expect(resolveGeneratedAt('2023-04-30', { SOURCE_DATE_EPOCH: '1700000000' }, never)).toBe('2023-04-30T00:00:00Z');
    expect(() => resolveGeneratedAt(undefined, { SOURCE_DATE_EPOCH: 'soon' }, never)).toThrow(UsageError);
  });

  it('takes SOURCE_DATE_EPOCH from 0 to 253402300799 (9999-12-31T23:59:59Z), and refuses a larger one saying the range', () => {
    expect(resolveGeneratedAt(undefined, { SOURCE_DATE_EPOCH: '0' }, never)).toBe('1970-01-01T00:00:00Z');
    expect(resolveGeneratedAt(undefined, { SOURCE_DATE_EPOCH: '0000000000' }, never)).toBe('1970-01-01T00:00:00Z');
    expect(resolveGeneratedAt(undefined, { SOURCE_DATE_EPOCH: '253402300799' }, never)).toBe('9999-12-31T23:59:59Z');
    // One past the end wrote +010000-01-01T00:00Z; past 8.64e12 s, "internal error: Invalid time value".
    for (const epoch of ['253402300800', '8640000000001', '99999999999999999999999999999']) {
      expect(() => resolveGeneratedAt(undefined, { SOURCE_DATE_EPOCH: epoch }, never)).toThrow(
        new UsageError(`SOURCE_DATE_EPOCH "${epoch}" is out of range: it must be a whole number of seconds from 0 to 253402300799 (1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z)`, 'e.g. SOURCE_DATE_EPOCH=1700000000 (2023-11-14T22:13:20Z)'),
      );
    }
  });

  it('refuses an --as-of outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z in UTC, an offset that carries it there included', () => {
    expect(resolveGeneratedAt('9999-12-31T23:59:59Z', {}, never)).toBe('9999-12-31T23:59:59Z');
    expect(resolveGeneratedAt('9999-12-31T23:59:59.999', {}, never)).toBe('9999-12-31T23:59:59Z');
    expect(resolveGeneratedAt('1970-01-01T01:00:00+01:00', {}, never)).toBe('1970-01-01T00:00:00Z');
    for (const asOf of ['9999-12-31T23:59:59-01:00', '9999-12-31T23:30:00-00:30', '1969-12-31', '1970-01-01T00:30:00+01:00', '0000-01-01']) {
      expect(() => resolveGeneratedAt(asOf, {}, never)).toThrow(
        new UsageError(`--as-of "${asOf}" is out of range: the generation time must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z (UTC)`, 'e.g. --as-of 2023-04-30 or --as-of 2023-04-30T17:00:00Z'),
      );
    }
  });

  it('falls back to now, to the second', () => {
    expect(resolveGeneratedAt(undefined, {}, () => new Date('2024-01-02T03:04:05.678Z'))).toBe('2024-01-02T03:04:05Z');
  });
});
