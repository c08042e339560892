/**
 * The report's JSON contract (`stackfare estimate --format json`), as a zod schema from which
 * data/report.schema.json is generated. Only types are imported at run time, so the CLI does
 * not build this schema on every start.
 */
import { z } from 'zod';
import { PLATFORM_IDS, TIERS } from '../answer-values.js';
import { REPORT_VERSION } from './report-version.js';

const WarningJson = z.object({
  code: z.string(),
  severity: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  service: z.string().optional(),
  fix: z.string().optional(),
  blocking: z.boolean().optional().describe('The platform cannot run the stack as asked; its estimate does not fit.'),
});

const LineItemJson = z.object({
  name: z.string(),
  service: z.string().optional(),
  quantity: z.number(),
  unit: z.string(),
  unitPrice: z.number(),
  monthly: z.number().describe('USD a month, rounded to cents.'),
  note: z.string().optional(),
  source: z.string().optional(),
  confidence: z.string().optional(),
  asOf: z.string().optional().describe('The date the price-book figure behind this line was read or dated (YYYY-MM-DD).'),
});

const HoursJson = z.object({ min: z.number(), max: z.number() });

const EstimateJsonSchema = z.object({
  platform: z.enum(PLATFORM_IDS),
  name: z.string(),
  tier: z.enum(TIERS),
  users: z.number(),
  fitsTier: z.boolean(),
  cheapest: z.boolean(),
  plan: z.string().nullable(),
  monthlyTotal: z.number().describe('USD a month: the sum of the line items.'),
  alwaysOnMonthlyTotal: z.number().optional().describe('With --active-hours: USD a month for the same stack always on, beside monthlyTotal.'),
  lineItems: z.array(LineItemJson),
  sizing: z.array(
    z.object({
      service: z.string(),
      size: z.string(),
      instances: z.number(),
      reason: z.string(),
      sizedFrom: z
        .enum(['measured', 'guessed'])
        .optional()
        .describe('With --usage: "measured" when the size came from the usage file, "guessed" when it is the default.'),
    }),
  ),
  alternatives: z.array(z.object({ name: z.string(), monthlyDelta: z.number(), caveat: z.string() })),
  assumptions: z.array(z.string()),
  warnings: z.array(WarningJson),
  effortHours: HoursJson,
  effort: z.array(z.object({ name: z.string(), min: z.number(), max: z.number(), note: z.string().optional() })),
  backups: z.string(),
  backupsShort: z.string(),
  multiUserReady: z.boolean(),
  tagline: z.string().describe('Pros and cons in a few words.'),
  pros: z.array(z.string()),
  cons: z.array(z.string()),
  idle: z
    .object({
      activeHours: z.number().describe('Hours a day in use (--active-hours).'),
      platformSleeps: z.boolean().describe("The platform's idle rule stops an unused service (false: everything is billed all month)."),
      sleeping: z.array(z.string()).describe('Parts billed only while awake.'),
      awake: z
        .array(z.object({ name: z.string(), kind: z.enum(['service', 'postgres', 'key-value']), why: z.array(z.string()) }))
        .describe('Parts that cannot sleep, each with why.'),
      wakeCosts: z.array(z.string()).describe('What waking a sleeping part costs (cold start, caveats), with sources.'),
    })
    .optional()
    .describe('With --active-hours: what sleeps on this platform and what stays awake, and why.'),
});
export type EstimateJson = z.infer<typeof EstimateJsonSchema>;

const TierSummaryJson = z.object({
  tier: z.enum(TIERS),
  label: z.string(),
  summary: z.string(),
  effortHours: HoursJson,
  monthlyRange: z.object({ min: z.number(), max: z.number() }),
  alwaysOnMonthlyRange: z.object({ min: z.number(), max: z.number() }).optional().describe('With --active-hours: the range always on, beside monthlyRange.'),
  cheapest: z.enum(PLATFORM_IDS).nullable(),
  backups: z.string(),
  multiUserReady: z.boolean(),
});
export type TierSummaryJson = z.infer<typeof TierSummaryJson>;

const ScalePointJson = z.object({
  users: z.number(),
  estimates: z.array(
    z.object({
      platform: z.enum(PLATFORM_IDS),
      monthlyTotal: z.number(),
      fitsTier: z.boolean(),
      apiInstances: z.number().describe('Instances of the API services at this scale.'),
      authMonthly: z.number().describe('USD a month for the auth provider at this scale.'),
      nodes: z.number().optional().describe('Worker nodes at this scale (Kubernetes).'),
    }),
  ),
});
export type ScalePointJson = z.infer<typeof ScalePointJson>;

export const ReportSchema = z.object({
  version: z.literal(REPORT_VERSION),
  currency: z.literal('USD'),
  pricingAsOf: z.string(),
  tier: z.union([z.enum(TIERS), z.literal('all')]),
  stack: z.object({
    name: z.string(),
    source: z.enum(['builtin', 'custom', 'compose']),
    region: z.string(),
    regionLabel: z.string(),
    services: z.array(
      z.object({
        name: z.string(),
        role: z.string(),
        vcpu: z.number(),
        memoryMb: z.number(),
        instances: z.number(),
        volumeGb: z.number().nullable(),
        database: z.string().nullable(),
      }),
    ),
    postgres: z.object({ layout: z.enum(['shared', 'separate']), storageGb: z.number(), instances: z.number() }),
    egressGb: z.number(),
    users: z.number(),
    auth: z.string(),
    clients: z.string(),
    domain: z.string().nullable(),
  }),
  cheapest: z.enum(PLATFORM_IDS).nullable(),
  estimates: z.array(EstimateJsonSchema),
  scaling: z.array(ScalePointJson).optional(),
  tiers: z.array(TierSummaryJson).optional(),
});
export type Report = z.infer<typeof ReportSchema>;
