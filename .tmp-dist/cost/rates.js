import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CoreboundError, ErrorCodes } from '../core/errors.js';
/**
 * The rate table: what a vCPU-hour and a GB-hour cost where you run.
 * Built-in defaults live in pricing/rates.json (dated, with a source per
 * entry); a user file of the same shape is merged over them by name, so a
 * team can add its negotiated price and still see the list prices beside it.
 */
const RateEntrySchema = z
    .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" or "-"'),
    label: z.string().min(1),
    region: z.string().optional(),
    /** USD per vCPU-hour. For an instance, instanceHour / vcpus when omitted. */
    vcpuHour: z.number().nonnegative().optional(),
    /** USD per GB-hour of reserved memory; 0 where memory comes with the vCPU. */
    gbHour: z.number().nonnegative(),
    instanceType: z.string().optional(),
    instanceHour: z.number().positive().optional(),
    vcpus: z.number().int().positive().optional(),
    memoryIncluded: z.boolean().optional(),
    /** list = public on-demand price; custom = yours (discounts, savings plans, own hardware). */
    kind: z.enum(['list', 'custom']).default('custom'),
    asOf: z.iso.date('asOf must be a date, YYYY-MM-DD'),
    source: z.string().min(1),
    note: z.string().optional(),
})
    .superRefine((r, ctx) => {
    const perInstance = r.instanceHour !== undefined && r.vcpus !== undefined;
    if (r.vcpuHour === undefined && !perInstance) {
        ctx.addIssue({ code: 'custom', message: 'give vcpuHour, or instanceHour and vcpus' });
    }
    if (r.vcpuHour !== undefined && perInstance) {
        const derived = r.instanceHour / r.vcpus;
        if (Math.abs(derived - r.vcpuHour) > 1e-6 * Math.max(1, derived)) {
            ctx.addIssue({ code: 'custom', message: `vcpuHour ${r.vcpuHour} disagrees with instanceHour/vcpus = ${derived}` });
        }
    }
})
    .transform((r) => ({ ...r, vcpuHour: r.vcpuHour ?? r.instanceHour / r.vcpus }));
const RateFileSchema = z.strictObject({
    $comment: z.string().optional(),
    version: z.literal(1).default(1),
    currency: z.literal('USD', 'only USD rate tables are supported').default('USD'),
    default: z.string().optional(),
    rates: z.array(RateEntrySchema),
});
export const PRICING_ENV = 'COREBOUND_PRICING';
export const PRICING_FILE_ENV = 'COREBOUND_PRICING_FILE';
/** pricing/rates.json at the package root; the same two levels up from src/cost and dist/cost. */
export function defaultRatesPath() {
    const here = dirname(fileURLToPath(import.meta.url));
    for (let dir = here, i = 0; i < 5; i++, dir = dirname(dir)) {
        const p = join(dir, 'pricing', 'rates.json');
        if (existsSync(p))
            return p;
    }
    throw new CoreboundError(ErrorCodes.INTERNAL, `built-in rate table pricing/rates.json not found above ${here}`);
}
/** Validates parsed JSON as a rate file; `origin` names it in errors. */
export function parseRateFile(json, origin) {
    const parsed = RateFileSchema.safeParse(json);
    if (!parsed.success) {
        // One line, like every CLI error; the full list is in `details`.
        const problems = parsed.error.issues.map((i) => `${formatPath(json, i.path)}: ${i.message}`);
        throw new CoreboundError(ErrorCodes.INVALID_OPTION, `invalid rate table ${origin}: ${problems.join('; ')}`, {
            issues: parsed.error.issues,
        });
    }
    const seen = new Set();
    for (const r of parsed.data.rates) {
        if (seen.has(r.name))
            throw new CoreboundError(ErrorCodes.INVALID_OPTION, `invalid rate table ${origin}: duplicate rate "${r.name}"`);
        seen.add(r.name);
    }
    return parsed.data;
}
/** `rates.2.vcpuHour` reads better as `rates[2] (ec2-c7g).vcpuHour`. */
function formatPath(json, path) {
    if (path.length === 0)
        return '(file)';
    if (path[0] === 'rates' && typeof path[1] === 'number') {
        const name = json?.rates?.[path[1]]?.name;
        const head = `rates[${path[1]}]${typeof name === 'string' ? ` (${name})` : ''}`;
        return [head, ...path.slice(2).map(String)].join('.');
    }
    return path.map(String).join('.');
}
export function readRateFile(path) {
    let text;
    try {
        text = readFileSync(path, 'utf8');
    }
    catch (e) {
        throw new CoreboundError(ErrorCodes.INVALID_OPTION, `cannot read rate table ${path}: ${e.message}`);
    }
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (e) {
        throw new CoreboundError(ErrorCodes.INVALID_OPTION, `rate table ${path} is not valid JSON: ${e.message}`);
    }
    return parseRateFile(json, path);
}
/** Built-in defaults, with `overlay` (a user file) merged over them by name. */
export function buildRateTable(base, baseOrigin, overlay) {
    const byName = new Map(base.rates.map((r) => [r.name, r]));
    for (const r of overlay?.file.rates ?? [])
        byName.set(r.name, r);
    const table = {
        currency: 'USD',
        default: overlay?.file.default ?? base.default ?? base.rates[0]?.name ?? '',
        rates: [...byName.values()],
        sources: overlay ? [baseOrigin, overlay.origin] : [baseOrigin],
    };
    if (!byName.has(table.default)) {
        throw new CoreboundError(ErrorCodes.INVALID_OPTION, `rate table default "${table.default}" is not one of its rates (${names(table)})`);
    }
    return table;
}
export function loadRateTable(opts = {}) {
    const env = opts.env ?? process.env;
    const basePath = defaultRatesPath();
    const base = readRateFile(basePath);
    const userPath = opts.pricingFile ?? (env[PRICING_FILE_ENV] || undefined);
    if (!userPath)
        return buildRateTable(base, basePath);
    const abs = resolve(userPath);
    return buildRateTable(base, basePath, { file: readRateFile(abs), origin: abs });
}
export function pickRate(table, name) {
    const wanted = name ?? table.default;
    const rate = table.rates.find((r) => r.name === wanted);
    if (!rate)
        throw new CoreboundError(ErrorCodes.INVALID_OPTION, `unknown pricing "${wanted}": choose one of ${names(table)}`);
    return rate;
}
function names(table) {
    return table.rates.map((r) => r.name).join(', ');
}
/** What the CLI calls: flags first, then COREBOUND_PRICING / COREBOUND_PRICING_FILE, then the defaults. */
export function resolvePricing(opts = {}) {
    const env = opts.env ?? process.env;
    const table = loadRateTable({ pricingFile: opts.pricingFile, env });
    return { table, rate: pickRate(table, opts.pricing ?? (env[PRICING_ENV] || undefined)) };
}
//# sourceMappingURL=rates.js.map