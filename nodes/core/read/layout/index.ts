// The position-based invoice reader: positioned text (a PDF page's runs, an OFD page's TextObjects) → invoice.
export { readLayoutInvoice, LAYOUT_LIMITS } from './invoice';
export { ASCENT, type PositionedText, type LayoutInvoice, type LayoutKind } from './types';
export { buildRows, type Row, type Cell } from './lines';
export { findLabelsIn, cleanAmount, isTaxRateText, type LabelKey } from './labels';
export { printedDate } from './fields';
