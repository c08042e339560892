/**
 * The price book's schema. Every price carries its unit, the page it was read from, the date
 * that page gives (or the date it was read) and how sure we are of it. Amounts are decimal
 * strings so no price passes through a binary float.
 */
import { z } from 'zod';
import { REGIONS, TIERS, CLIENT_DISTRIBUTIONS, PLATFORM_IDS } from '../core/answers.js';

export const CONFIDENCE = ['official', 'official-copy', 'third-party', 'uncertain'] as const;
export type Confidence = (typeof CONFIDENCE)[number];

const decimalString = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'a decimal number written as a string, such as "10" or "0.05"');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');
const url = z.string().regex(/^https:\/\/\S+$/, 'an https:// URL of the page the figure comes from');

/** Where a figure comes from. */
const sourced = {
  source: url,
  asOf: isoDate.describe('The date the source page gives, or the date it was read.'),
  confidence: z.enum(CONFIDENCE),
  note: z.string().optional(),
};

/** One price: amount per unit, with its source. */
export const PriceSchema = z
  .object({
    amount: decimalString,
    unit: z.string().min(1).describe('What one amount buys, such as "month", "GB-month", "GB".'),
    ...sourced,
  })
  .strict();
export type Price = z.infer<typeof PriceSchema>;

const SourcedSchema = z.object(sourced).strict();

const platformInfo = {
  name: z.string(),
  pricingPage: url,
  /** The platform's region code for each neutral region. */
  regions: z.record(z.enum(REGIONS), z.string()),
  backups: z.string().describe('How backups work on this platform.'),
  backupsShort: z.string().max(28).describe('Backups in a few words, for table cells.'),
  tagline: z.string().max(60).describe('Pros and cons in a few words, shown beside the platform row.'),
  multiUserCapable: z.boolean(),
  pros: z.array(z.string()).min(1),
  cons: z.array(z.string()).min(1),
};

const regionsComplete = (regions: Record<string, string>) => REGIONS.every((r) => typeof regions[r] === 'string');
const regionsMessage = { message: `a region code for each of ${REGIONS.join(', ')}` };

/** Key-value (Redis/Valkey) offering: managed plans, or a container billed like any service. */
const KeyValueSchema = z
  .object({
    kind: z.enum(['managed', 'container']),
    name: z.string(),
    plans: z
      .array(z.object({ id: z.string(), name: z.string(), memoryMb: z.number().positive(), monthly: PriceSchema }).strict())
      .default([]),
  })
  .strict();

export const RailwayPlanSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    fee: PriceSchema,
    includedUsage: PriceSchema,
    limits: z
      .object({
        memoryGbPerService: z.number().positive(),
        vcpuPerService: z.number().positive(),
        volumeGb: z.number().positive(),
        replicas: z.number().int().positive(),
        ...sourced,
      })
      .strict(),
  })
  .strict();

export const RailwayBookSchema = z
  .object({
    ...platformInfo,
    plans: z.array(RailwayPlanSchema).min(1),
    usage: z
      .object({ memory: PriceSchema, vcpu: PriceSchema, volume: PriceSchema, egress: PriceSchema })
      .strict(),
    postgres: z
      .object({ memoryMb: z.number().positive(), vcpu: z.number().positive(), note: z.string() })
      .strict()
      .describe('Size assumed for a Postgres service (Railway bills it as usage).'),
    cpuShare: z
      .number()
      .gt(0)
      .max(1)
      .describe('Share of the requested vCPU a mostly idle service uses on average.'),
    keyValue: KeyValueSchema.optional(),
  })
  .strict()
  .refine((b) => regionsComplete(b.regions), regionsMessage);

export const FlyMachineSchema = z
  .object({
    preset: z.string(),
    cpuKind: z.enum(['shared', 'performance']),
    vcpus: z.number().positive(),
    memoryMb: z.number().int().positive(),
    region: z.string().describe('Fly region code the price was read for, such as iad.'),
    monthly: PriceSchema,
  })
  .strict();

export const FlyBookSchema = z
  .object({
    ...platformInfo,
    machines: z.array(FlyMachineSchema).min(1),
    volume: PriceSchema,
    snapshots: z.object({ price: PriceSchema, freeGb: z.number().min(0) }).strict(),
    egressGroups: z.record(z.string(), PriceSchema),
    regionEgressGroup: z.record(z.enum(REGIONS), z.string()),
    managedPostgres: z
      .object({
        plans: z
          .array(
            z
              .object({ id: z.string(), name: z.string(), cpu: z.string(), memoryMb: z.number().positive(), monthly: PriceSchema })
              .strict(),
          )
          .min(1),
        storage: PriceSchema,
      })
      .strict(),
    unmanagedPostgres: z
      .object({ preset: z.string(), memoryMb: z.number().int().positive(), ...sourced })
      .strict()
      .describe('The single-node Postgres app Fly no longer supports, priced as a machine and a volume.'),
    keyValue: KeyValueSchema.optional(),
  })
  .strict()
  .refine((b) => regionsComplete(b.regions), regionsMessage);

export const RenderBookSchema = z
  .object({
    ...platformInfo,
    workspacePlans: z
      .array(
        z
          .object({
            id: z.string(),
            name: z.string(),
            fee: PriceSchema,
            bandwidthGb: z.number().min(0),
            customDomains: z.number().int().min(0),
            maxServices: z.number().int().positive().nullable(),
            pitrDays: z.number().int().min(0),
          })
          .strict(),
      )
      .min(1),
    instanceTypes: z
      .array(
        z
          .object({
            id: z.string().describe('The plan name a Blueprint uses, such as starter.'),
            name: z.string(),
            vcpu: z.number().positive(),
            memoryMb: z.number().int().positive(),
            monthly: PriceSchema,
            free: z.boolean().default(false).describe('Free instances sleep when idle and serve web services only.'),
          })
          .strict(),
      )
      .min(1),
    postgresPlans: z
      .array(
        z
          .object({
            id: z.string(),
            name: z.string(),
            vcpu: z.number().positive(),
            memoryMb: z.number().int().positive(),
            monthly: PriceSchema,
            free: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1),
    postgresStorage: PriceSchema,
    disk: PriceSchema,
    bandwidthOverage: PriceSchema,
    extraCustomDomain: PriceSchema,
    keyValue: KeyValueSchema.optional(),
  })
  .strict()
  .refine((b) => regionsComplete(b.regions), regionsMessage);

export const DigitalOceanBookSchema = z
  .object({
    ...platformInfo,
    instanceSizes: z
      .array(
        z
          .object({
            slug: z.string(),
            cpuKind: z.enum(['shared', 'dedicated']),
            vcpu: z.number().positive(),
            memoryMb: z.number().int().positive(),
            monthly: PriceSchema,
            bandwidthGb: z.number().min(0),
            bandwidthSource: SourcedSchema,
            scalable: z.boolean().describe('Whether the size can run more than one instance.'),
          })
          .strict(),
      )
      .min(1),
    bandwidthOverage: PriceSchema,
    devDatabase: z.object({ monthly: PriceSchema, storageLimitGb: z.number().positive() }).strict(),
    managedPostgres: z
      .array(
        z
          .object({
            slug: z.string(),
            vcpu: z.number().positive(),
            memoryMb: z.number().int().positive(),
            monthly: PriceSchema,
            includedStorageGb: z.number().positive(),
            maxStorageGb: z.number().positive(),
          })
          .strict(),
      )
      .min(1),
    extraStorage: PriceSchema,
    keyValue: KeyValueSchema.optional(),
  })
  .strict()
  .refine((b) => regionsComplete(b.regions), regionsMessage);

export const LocalBookSchema = z
  .object({
    ...platformInfo,
    note: z.string().describe('What the $0 leaves out (hardware, electricity, your time).'),
  })
  .strict();

const overageTier = z.object({ upTo: z.number().int().positive().nullable(), perUser: PriceSchema }).strict();

export const AuthPlanSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    fee: PriceSchema,
    includedUsers: z.number().int().min(0),
    maxUsers: z.number().int().positive().nullable(),
    overage: z.array(overageTier).default([]),
    caveat: z.string().optional(),
  })
  .strict();
export type AuthPlan = z.infer<typeof AuthPlanSchema>;

export const AuthProviderBookSchema = z
  .object({
    name: z.string(),
    userMetric: z.string().describe('How the provider counts users, such as MAU or MRU.'),
    plans: z.array(AuthPlanSchema).min(1),
  })
  .strict();

const hours = z
  .object({ min: z.number().min(0), max: z.number().min(0), note: z.string().optional() })
  .strict()
  .refine((r) => r.max >= r.min, { message: 'max must be at least min' });

export const EffortBookSchema = z
  .object({
    source: z.string(),
    asOf: isoDate,
    tiers: z.record(z.enum(TIERS), hours),
    platformSetup: z.record(z.enum(PLATFORM_IDS), hours),
    multiUser: z.object({ hostedAuth: hours, ownAuth: hours, dbIsolation: hours, apiUserContext: hours }).strict(),
    clients: z.record(z.enum(CLIENT_DISTRIBUTIONS), hours),
    customDomain: hours,
  })
  .strict();

export const TierInfoSchema = z
  .object({
    label: z.string(),
    summary: z.string(),
    backups: z.string(),
    multiUserReady: z.boolean(),
  })
  .strict();

export const PriceBookSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    asOf: isoDate.describe('The date this price book was last checked as a whole.'),
    currency: z.literal('USD'),
    regions: z.record(z.enum(REGIONS), z.object({ label: z.string() }).strict()),
    tiers: z.record(z.enum(TIERS), TierInfoSchema),
    platforms: z
      .object({
        railway: RailwayBookSchema,
        fly: FlyBookSchema,
        render: RenderBookSchema,
        digitalocean: DigitalOceanBookSchema,
        local: LocalBookSchema,
      })
      .strict(),
    auth: z
      .object({ clerk: AuthProviderBookSchema, auth0: AuthProviderBookSchema, supabase: AuthProviderBookSchema })
      .strict(),
    clientFees: z.object({ 'mac-app-store': PriceSchema }).strict(),
    effort: EffortBookSchema,
  })
  .strict();

export type PriceBook = z.infer<typeof PriceBookSchema>;
export type RailwayBook = PriceBook['platforms']['railway'];
export type FlyBook = PriceBook['platforms']['fly'];
export type RenderBook = PriceBook['platforms']['render'];
export type DigitalOceanBook = PriceBook['platforms']['digitalocean'];
export type LocalBook = PriceBook['platforms']['local'];
export type AuthProviderBook = z.infer<typeof AuthProviderBookSchema>;
export type HoursRange = z.infer<typeof hours>;

/** Validates unknown data as a price book; throws the zod error for the caller to word. */
export function parsePriceBook(data: unknown): PriceBook {
  return PriceBookSchema.parse(data);
}
