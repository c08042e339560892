/**
 * The built-in price book, validated. In the built CLI scripts/build.mjs replaces this module
 * with the book it validated at build time, so a run neither builds the schema nor checks the
 * whole book again; from the sources (tests, tsx) it is validated here, once, on first import.
 */
import builtinData from '../../data/pricing.json' with { type: 'json' };
import type { PriceBook } from './price-book.js';
import { validatePriceBook } from './validate-price-book.js';

/** data/pricing.json after validation. */
export const BUILTIN_BOOK: PriceBook = validatePriceBook(builtinData, 'data/pricing.json');
