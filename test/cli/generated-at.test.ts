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

  it('falls back to now, to the second', () => {
    expect(resolveGeneratedAt(undefined, {}, () => new Date('2024-01-02T03:04:05.678Z'))).toBe('2024-01-02T03:04:05Z');
  });
});
