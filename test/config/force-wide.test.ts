/**
 * Issue: "a config for a force-wide export with three grant cost centres, a custom chart and a 2024/25 year at
 * £2,755,000 gives the right claim". The figures below are worked out by hand from the rows written here.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('a force-wide export through a configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-force-'));
  const config = join(dir, 'pcd-1682.json');
  writeFileSync(
    config,
    JSON.stringify({
      grant: { reference: 'PCD 1682', name: 'Project Alpha Social Media Hub 2024/25' },
      years: [{ year: '2024/25', cap: '2755000.00' }],
      costCentres: ['SMH001', 'SMH002', 'SMH003'],
      chart: [
        { name: 'hospitality is never eligible', code: '510999', category: 'ineligible' },
        { name: 'officer pay', from: '500000', to: '509999', category: 'officers' },
        { name: 'staff pay', from: '510000', to: '519999', category: 'staff' },
        { name: 'licences', prefix: 'SW', category: 'software' },
      ],
    }),
  );
  const exportFile = join(dir, 'force-gl-2024-25.csv');
  writeFileSync(
    exportFile,
    [
      'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount',
      '1,1,15/04/2024,SMH001,500100,1000000.00', // officers, Q1
      '1,2,15/04/2024,SMH002,510100,900000.00', // staff, Q1
      '2,1,20/05/2024,SMH003,SW-OFFICE,12500.50', // software, Q1
      '3,1,20/05/2024,OPS104,500100,750000.00', // another cost centre: excluded
      '4,1,01/07/2024,smh001,510999,4999.99', // hospitality: ineligible by its own rule
      '5,1,10/08/2024,SMH002,500200,700000.00', // officers, Q2
      '6,1,11/08/2024,SMH003,510200,200000.00', // staff, Q2: takes the year past its cap
      '7,1,11/08/2024,SMH001,540000,100.00', // no rule: ineligible
      '',
    ].join('\n'),
  );

  it('claims Q2 up to the 2024/25 cap, and counts only the three grant cost centres', () => {
    const run = runCli(['claim', exportFile, '--config', config, '--year', '2024/25', '--quarter', 'Q2', '--format', 'json']);
    expect(run.code).toBe(0);
    const claim = JSON.parse(run.stdout) as {
      grant: { reference: string };
      cap: string;
      categories: { category: string; periodActual: string; cumulativeActual: string }[];
      totals: Record<string, string>;
      exclusions: { reason: string; rows: number; amount: string }[];
    };
    expect(claim.grant.reference).toBe('PCD 1682');
    expect(claim.cap).toBe('2755000.00');
    // Q1: 1,000,000.00 + 900,000.00 + 12,500.50 = 1,912,500.50; Q2: 700,000.00 + 200,000.00 = 900,000.00.
    expect(claim.totals).toEqual({
      periodActual: '900000.00',
      cumulativeActual: '2812500.50',
      cumulativeClaimable: '2755000.00',
      previouslyClaimed: '1912500.50',
      priorPeriodAdjustment: '0.00',
      claimDue: '842499.50',
      headroom: '0.00',
      overCap: '57500.50',
    });
    expect(claim.categories.slice(0, 3).map((c) => [c.category, c.cumulativeActual])).toEqual([
      ['staff', '1100000.00'],
      ['officers', '1700000.00'],
      ['software', '12500.50'],
    ]);
    expect(claim.exclusions).toEqual([
      { reason: 'not-grant-cost-centre', rows: 1, amount: '750000.00' },
      { reason: 'ineligible-account', rows: 2, amount: '5099.99' },
    ]);
  });
});
