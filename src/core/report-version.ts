/**
 * The report's version, alone so that the report (core/report.ts) and its schema
 * (core/report-schema.ts, which loads zod) both read it without importing each other.
 */

/** Bumped only when a field changes meaning or disappears; new fields keep version 1. */
export const REPORT_VERSION = 1;
