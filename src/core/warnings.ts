/** A limit the stack hits, a change stackfare made, or a caveat of a figure. */
export interface Warning {
  /** Stable identifier for scripts, such as `railway.hobby-volume-cap`. */
  code: string;
  severity: 'info' | 'warning' | 'error';
  message: string;
  /** The service it concerns, when it concerns one. */
  service?: string;
  /** What to do about it. */
  fix?: string;
  /** The platform cannot run the stack as asked (a service or database no size holds): it does not fit. */
  blocking?: boolean;
  /**
   * Blocks every hosted platform, not one on the user's machine: a setting that points at the
   * developer's own computer (`http://localhost:3000`) works there and nowhere else.
   */
  blocksHosted?: boolean;
}

/** Builds a warning without optional keys set to undefined (keeps JSON output tidy). */
export function warning(
  code: string,
  severity: Warning['severity'],
  message: string,
  extra: { service?: string | undefined; fix?: string | undefined; blocking?: boolean; blocksHosted?: boolean } = {},
): Warning {
  const w: Warning = { code, severity, message };
  if (extra.service !== undefined) w.service = extra.service;
  if (extra.fix !== undefined) w.fix = extra.fix;
  if (extra.blocking === true) w.blocking = true;
  if (extra.blocksHosted === true) w.blocksHosted = true;
  return w;
}
