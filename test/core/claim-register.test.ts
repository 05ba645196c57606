import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { assembleClaimRegister, type ClaimFile, type RegisterInput } from '../../src/core/reports/claim-register.js';

const CAP = 289_345_200n;

function claim(file: string, label: string, from: string, to: string, claimDue: bigint, over: Partial<ClaimFile> = {}): RegisterInput {
  return {
    file,
    claim: { file, sha256: file, reference: 'PCD 1215', year: '2022/23', period: { label, from, to }, claimDue, cumulativeActual: new Map(), previouslyClaimed: undefined, ...over },
  };
}

const q1 = claim('q1.json', 'Q1', '2022-04-01', '2022-06-30', 100_00n);
const q2 = claim('q2.json', 'Q2', '2022-07-01', '2022-09-30', 200_00n);
const q3 = claim('q3.json', 'Q3', '2022-10-01', '2022-12-31', -50_00n);
const register = (...inputs: RegisterInput[]) => assembleClaimRegister(inputs, PCD_1215, 'claims', '2023-01-01T00:00:00Z');

describe('the claim register', () => {
  it('orders claims by period, whatever the file order, with a running sum and what the cap still allows', () => {
    const r = register(q3, q1, q2);
    const year = r.years[0];
    expect(year?.claims.map((c) => [c.period, c.cumulativeClaimed, c.remaining])).toEqual([
      ['Q1', 100_00n, CAP - 100_00n],
      ['Q2', 300_00n, CAP - 300_00n],
      ['Q3', 250_00n, CAP - 250_00n],
    ]);
    expect(year).toMatchObject({ year: '2022/23', cap: CAP, claimed: 250_00n, remaining: CAP - 250_00n, gaps: [], overlaps: [] });
  });

  it('a gap is a stretch before the latest claim that no claim covers', () => {
    expect(register(q1, q3).years[0]?.gaps).toEqual([{ from: '2022-07-01', to: '2022-09-30' }]);
    expect(register(q2).years[0]?.gaps).toEqual([{ from: '2022-04-01', to: '2022-06-30' }]);
    expect(register(q1).years[0]?.gaps).toEqual([]);
  });

  it('claims whose dates meet overlap; the same file twice is said so', () => {
    const may = claim('may.json', '2022-05', '2022-05-01', '2022-05-31', 10n);
    const overlaps = register(q1, may, q2).years[0]?.overlaps;
    expect(overlaps).toMatchObject([{ file: 'may.json', with: { file: 'q1.json' }, from: '2022-05-01', to: '2022-05-31' }]);
    const copy = claim('q1-copy.json', 'Q1', '2022-04-01', '2022-06-30', 100_00n, { sha256: 'q1.json' });
    expect(register(q1, copy).years[0]?.overlaps[0]?.message).toContain('(the same claim file)');
    expect(register(q1, copy).counts.overlaps).toBe(1);
  });

  it('a final claim comes last; it overlaps the others unless made with them as --previous', () => {
    const made = (previouslyClaimed: bigint | undefined) => claim('final.json', 'final', '2022-04-01', '2023-03-31', 5n, { previouslyClaimed });
    const good = register(made(300_00n), q1, q2).years[0];
    expect(good?.claims.map((c) => c.period)).toEqual(['Q1', 'Q2', 'final']);
    expect(good?.overlaps).toEqual([]);
    expect(good?.gaps).toEqual([]);
    expect(register(made(0n), q1, q2).years[0]?.overlaps.map((o) => o.with.period)).toEqual(['Q1', 'Q2']);
    expect(register(made(undefined), q1).years[0]?.overlaps).toHaveLength(1);
    const again = claim('final-2.json', 'final', '2022-04-01', '2023-03-31', 0n, { previouslyClaimed: 0n });
    expect(register(made(0n), again).years[0]?.overlaps.map((o) => [o.file, o.with.file])).toEqual([['final.json', 'final-2.json']]);
  });

  it('a FY the configuration does not have has no cap; years come in order', () => {
    const later = claim('q1-2024.json', 'Q1', '2024-04-01', '2024-06-30', 1n, { year: '2024/25' });
    const r = register(later, q1);
    expect(r.years.map((y) => [y.year, y.cap, y.remaining])).toEqual([
      ['2022/23', CAP, CAP - 100_00n],
      ['2024/25', null, null],
    ]);
  });

  it('skips what cannot stand in the register, with the reason', () => {
    const r = register(
      { file: 'notes.json', problem: 'not a grant-recon claim (schema: …)' },
      claim('other.json', 'Q1', '2022-04-01', '2022-06-30', 1n, { reference: 'PCD 9' }),
      claim('year.json', 'Q1', '2022-04-01', '2022-06-30', 1n, { year: 'next year' }),
      claim('outside.json', 'Q1', '2023-04-01', '2023-06-30', 1n),
      claim('impossible.json', 'Q1', '2022-04-01', '2022-06-31', 1n),
      claim('backwards.json', 'Q1', '2022-06-30', '2022-04-01', 1n),
    );
    expect(r.years).toEqual([]);
    expect(r.skipped).toEqual([
      { file: 'notes.json', reason: 'not a grant-recon claim (schema: …)' },
      { file: 'other.json', reason: 'a claim of grant PCD 9, not PCD 1215' },
      { file: 'year.json', reason: 'year "next year" is not a financial year' },
      { file: 'outside.json', reason: 'its period Q1 (2023-04-01 to 2023-06-30) is not inside 2022/23 (2022-04-01 to 2023-03-31)' },
      { file: 'impossible.json', reason: 'its period Q1 has a date that does not exist (2022-04-01 to 2022-06-31)' },
      { file: 'backwards.json', reason: 'its period Q1 (2022-06-30 to 2022-04-01) is not inside 2022/23 (2022-04-01 to 2023-03-31)' },
    ]);
  });

  it('with a grant cap, what it leaves after the earlier years and this one bounds what a year still allows', () => {
    // Caps £300.00 and £500.00 a year, £600.00 over the grant: 2022/23 claims £250.00, then 2023/24 £200.00 and £150.00.
    const config = { ...PCD_1215, years: [{ fy: 2022, cap: 300_00n }, { fy: 2023, cap: 500_00n }], grantCap: 600_00n };
    const in2023 = (file: string, label: string, from: string, to: string, due: bigint) => claim(file, label, from, to, due, { year: '2023/24' });
    const r = assembleClaimRegister(
      [q1, q2, q3, in2023('a.json', 'Q1', '2023-04-01', '2023-06-30', 200_00n), in2023('b.json', 'Q2', '2023-07-01', '2023-09-30', 150_00n)],
      config,
      'claims',
      '2024-01-01T00:00:00Z',
    );
    // 2022/23: its own cap binds (£300.00 − £250.00 = £50.00 < £600.00 − £250.00).
    expect(r.years[0]?.remaining).toBe(50_00n);
    // 2023/24: £500.00 − £200.00 = £300.00 against £600.00 − £250.00 − £200.00 = £150.00; then £150.00 against £0.00.
    expect(r.years[1]?.claims.map((c) => c.remaining)).toEqual([150_00n, 0n]);
    expect(r.years[1]?.remaining).toBe(0n);
  });
});

