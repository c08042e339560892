/**
 * Render's free instance hours: free web services spin down after 15 minutes without inbound
 * traffic, and all the free web services of a workspace share 750 hours of running time a
 * calendar month (render.com/docs/free). Once those run out Render suspends the free services
 * until the 1st of the next month. Worked examples, on the 30-day month the monthly prices are
 * written for: 1 service used 3 h a day is awake 3 h + 15 min = 3.25 h a day, 97.5 h a month
 * (100.75 h in a 31-day month): fits; 3 services always on run 3 × 24 h × 30 = 2,160 h: the 750
 * h run out after 750 / 72 = 10.42 days. Pure and exact (decimal.js).
 */
import { Decimal, dec } from '../../core/money.js';
import { groupThousands } from '../../core/number-format.js';
import { SECONDS_PER_MONTH } from '../../core/usage-sizing.js';
import type { IdleRule } from '../../pricing/price-book.js';

/** Days in the month the estimates price (30: SECONDS_PER_MONTH over a day). */
export const DAYS_PER_MONTH = SECONDS_PER_MONTH / 86_400;
/** The longest calendar month: the free hours are granted per calendar month, so a plan that fits must fit this one too. */
export const LONGEST_MONTH_DAYS = 31;

/** The price book's free-instance rule: the spin-down wait and the hours a workspace shares, with its source. */
export type FreeInstanceRule = NonNullable<IdleRule['freeInstances']>;

/** How many free instance hours a number of free services use, and whether the workspace's allowance holds them. */
export interface FreeHours {
  /** Free services (one instance each: free services cannot scale). */
  services: number;
  /** Hours a day each is awake: 24 always on, else the active hours plus the spin-down wait (at most 24). */
  hoursPerDay: Decimal;
  /** services × hoursPerDay × 30, exact. */
  hoursPerMonth: Decimal;
  /** The same over a 31-day calendar month. */
  hoursLongestMonth: Decimal;
  /** The free instance hours a workspace shares each calendar month (750). */
  allowance: number;
  /** 'every-month': within the allowance even in a 31-day month; 'short-months': in a 30-day month only; 'no': never. */
  fits: 'every-month' | 'short-months' | 'no';
  /** How many of the services would fit within the allowance every month at the same use. */
  servicesThatFit: number;
  /** Days into a month after which the allowance is gone (null when it lasts the longest month). */
  runsOutAfterDays: Decimal | null;
  /** The figure and its assumptions in one sentence, for the alternative's caveat and the assumptions. */
  text: string;
}

/** Hours as written in the estimate: exact, with thousands separators (2,160; 97.5; 100.75). */
export function formatHours(h: Decimal): string {
  const [whole, fraction] = h.toFixed().split('.');
  return `${groupThousands(Number(whole))}${fraction ? `.${fraction}` : ''}`;
}

/**
 * The free instance hours `services` free web services use in a month: always on (no active
 * hours) 24 h a day each; used `activeHours` a day in one stretch, that plus the spin-down wait.
 */
export function freeInstanceHours(services: number, activeHours: number | undefined, rule: FreeInstanceRule): FreeHours {
  const wait = dec(rule.idleMinutes).dividedBy(60);
  const hoursPerDay = activeHours === undefined ? dec(24) : Decimal.min(dec(String(activeHours)).plus(wait), 24);
  const perService = hoursPerDay.times(DAYS_PER_MONTH);
  const hoursPerMonth = perService.times(services);
  const hoursLongestMonth = hoursPerDay.times(LONGEST_MONTH_DAYS).times(services);
  const allowance = dec(rule.hoursPerMonth);
  const fits = hoursLongestMonth.lessThanOrEqualTo(allowance) ? 'every-month' : hoursPerMonth.lessThanOrEqualTo(allowance) ? 'short-months' : 'no';
  const servicesThatFit = Math.min(services, allowance.dividedToIntegerBy(hoursPerDay.times(LONGEST_MONTH_DAYS)).toNumber());
  const runsOutAfterDays = fits === 'every-month' ? null : allowance.dividedBy(hoursPerDay.times(services));
  const base = { services, hoursPerDay, hoursPerMonth, hoursLongestMonth, allowance: rule.hoursPerMonth, fits, servicesThatFit, runsOutAfterDays } as const;
  return { ...base, text: freeHoursText(base, activeHours, rule) };
}

/** The sentence: how the hours were counted, against the allowance, and what happens when they run out. */
function freeHoursText(h: Omit<FreeHours, 'text'>, activeHours: number | undefined, rule: FreeInstanceRule): string {
  const n = h.services;
  const each = n === 1 ? '' : `${n} × `;
  const use =
    activeHours === undefined
      ? `Always on, ${n === 1 ? 'the free service runs' : `the ${n} free services run`} ${each}24 h × ${DAYS_PER_MONTH} days`
      : `Used ${activeHours} h a day (assumed in one stretch), each free service is awake that plus the ${rule.idleMinutes} minutes before it spins down: ` +
        `${each}${formatHours(h.hoursPerDay)} h × ${DAYS_PER_MONTH} days`;
  const used = `${use} = ${formatHours(h.hoursPerMonth)} h a month, against the ${groupThousands(h.allowance)} free instance hours a workspace's free web services share each calendar month (${formatHours(h.hoursLongestMonth)} h in a 31-day month; ${rule.source}, ${rule.asOf})`;
  const days = h.runsOutAfterDays?.toDecimalPlaces(1, Decimal.ROUND_DOWN).toString();
  const suspended = `Render then suspends the free services until the hours reset on the 1st ("free services in your account are automatically suspended and can no longer serve traffic until they are upgraded to a paid instance type or when free usage is reset at the end of the calendar month, whichever is sooner")`;
  if (h.fits === 'every-month') return `${used}: fits, if no other free service in the workspace uses them.`;
  if (h.fits === 'short-months') return `${used}: fits a 30-day month but not a 31-day one, when the hours run out after ${days} days; ${suspended}.`;
  const fewer = h.servicesThatFit > 0 ? ` ${h.servicesThatFit} of them would fit.` : '';
  return `${used}: does not fit. The hours run out after about ${days} days of each month; ${suspended}.${fewer}`;
}
