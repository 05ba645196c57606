/** The GL layout the core tests fold with, and the header of a file in it. */
import type { GlLayout } from '../../src/core/fold/gl-file-fold.js';

/** Columns: Document Number, Line, Posting Date, Period, Cost Centre, Account Code, Net Amount. */
export const GL_TEST_LAYOUT: GlLayout = {
  documentNumber: 0,
  line: 1,
  key: [
    ['Document Number', 0],
    ['Line', 1],
  ],
  postingDate: 2,
  period: 3,
  costCentre: 4,
  account: 5,
  net: 6,
  width: 7,
};

export const GL_TEST_HEADER = 'Document Number,Line,Posting Date,Period,Cost Centre,Account Code,Net Amount';
