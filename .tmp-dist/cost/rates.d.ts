import { z } from 'zod';
/**
 * The rate table: what a vCPU-hour and a GB-hour cost where you run.
 * Built-in defaults live in pricing/rates.json (dated, with a source per
 * entry); a user file of the same shape is merged over them by name, so a
 * team can add its negotiated price and still see the list prices beside it.
 */
declare const RateEntrySchema: z.ZodPipe<z.ZodObject<{
    name: z.ZodString;
    label: z.ZodString;
    region: z.ZodOptional<z.ZodString>;
    vcpuHour: z.ZodOptional<z.ZodNumber>;
    gbHour: z.ZodNumber;
    instanceType: z.ZodOptional<z.ZodString>;
    instanceHour: z.ZodOptional<z.ZodNumber>;
    vcpus: z.ZodOptional<z.ZodNumber>;
    memoryIncluded: z.ZodOptional<z.ZodBoolean>;
    kind: z.ZodDefault<z.ZodEnum<{
        list: "list";
        custom: "custom";
    }>>;
    asOf: z.ZodISODate;
    source: z.ZodString;
    note: z.ZodOptional<z.ZodString>;
}, z.core.$strict>, z.ZodTransform<{
    vcpuHour: number;
    name: string;
    label: string;
    gbHour: number;
    kind: "list" | "custom";
    asOf: string;
    source: string;
    region?: string | undefined;
    instanceType?: string | undefined;
    instanceHour?: number | undefined;
    vcpus?: number | undefined;
    memoryIncluded?: boolean | undefined;
    note?: string | undefined;
}, {
    name: string;
    label: string;
    gbHour: number;
    kind: "list" | "custom";
    asOf: string;
    source: string;
    region?: string | undefined;
    vcpuHour?: number | undefined;
    instanceType?: string | undefined;
    instanceHour?: number | undefined;
    vcpus?: number | undefined;
    memoryIncluded?: boolean | undefined;
    note?: string | undefined;
}>>;
declare const RateFileSchema: z.ZodObject<{
    $comment: z.ZodOptional<z.ZodString>;
    version: z.ZodDefault<z.ZodLiteral<1>>;
    currency: z.ZodDefault<z.ZodLiteral<"USD">>;
    default: z.ZodOptional<z.ZodString>;
    rates: z.ZodArray<z.ZodPipe<z.ZodObject<{
        name: z.ZodString;
        label: z.ZodString;
        region: z.ZodOptional<z.ZodString>;
        vcpuHour: z.ZodOptional<z.ZodNumber>;
        gbHour: z.ZodNumber;
        instanceType: z.ZodOptional<z.ZodString>;
        instanceHour: z.ZodOptional<z.ZodNumber>;
        vcpus: z.ZodOptional<z.ZodNumber>;
        memoryIncluded: z.ZodOptional<z.ZodBoolean>;
        kind: z.ZodDefault<z.ZodEnum<{
            list: "list";
            custom: "custom";
        }>>;
        asOf: z.ZodISODate;
        source: z.ZodString;
        note: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>, z.ZodTransform<{
        vcpuHour: number;
        name: string;
        label: string;
        gbHour: number;
        kind: "list" | "custom";
        asOf: string;
        source: string;
        region?: string | undefined;
        instanceType?: string | undefined;
        instanceHour?: number | undefined;
        vcpus?: number | undefined;
        memoryIncluded?: boolean | undefined;
        note?: string | undefined;
    }, {
        name: string;
        label: string;
        gbHour: number;
        kind: "list" | "custom";
        asOf: string;
        source: string;
        region?: string | undefined;
        vcpuHour?: number | undefined;
        instanceType?: string | undefined;
        instanceHour?: number | undefined;
        vcpus?: number | undefined;
        memoryIncluded?: boolean | undefined;
        note?: string | undefined;
    }>>>;
}, z.core.$strict>;
export type Rate = z.output<typeof RateEntrySchema>;
export type RateFile = z.output<typeof RateFileSchema>;
export interface RateTable {
    currency: 'USD';
    /** Name of the rate used when none is picked. */
    default: string;
    rates: Rate[];
    /** Files the table was read from, for messages. */
    sources: string[];
}
export declare const PRICING_ENV = "COREBOUND_PRICING";
export declare const PRICING_FILE_ENV = "COREBOUND_PRICING_FILE";
/** pricing/rates.json at the package root; the same two levels up from src/cost and dist/cost. */
export declare function defaultRatesPath(): string;
/** Validates parsed JSON as a rate file; `origin` names it in errors. */
export declare function parseRateFile(json: unknown, origin: string): RateFile;
export declare function readRateFile(path: string): RateFile;
/** Built-in defaults, with `overlay` (a user file) merged over them by name. */
export declare function buildRateTable(base: RateFile, baseOrigin: string, overlay?: {
    file: RateFile;
    origin: string;
}): RateTable;
export declare function loadRateTable(opts?: {
    pricingFile?: string;
    env?: NodeJS.ProcessEnv;
}): RateTable;
export declare function pickRate(table: RateTable, name?: string): Rate;
export interface PricingOptions {
    pricing?: string;
    pricingFile?: string;
    env?: NodeJS.ProcessEnv;
}
/** What the CLI calls: flags first, then COREBOUND_PRICING / COREBOUND_PRICING_FILE, then the defaults. */
export declare function resolvePricing(opts?: PricingOptions): {
    table: RateTable;
    rate: Rate;
};
export {};
