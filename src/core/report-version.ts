/** The report's version, apart from both the report and its schema so neither imports the other. */

/** Bumped only when a field changes meaning or disappears; new fields keep version 1. */
export const REPORT_VERSION = 1;
