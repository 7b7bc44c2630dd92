import pino from 'pino';
import pretty from 'pino-pretty';
import { traceIdOf } from './tracing.js';
export const LogFormats = ['pretty', 'json', 'auto'];
export function resolveLogFormat(format, out = process.stdout) {
    if (format === 'pretty' || format === 'json')
        return format;
    return out.isTTY ? 'pretty' : 'json';
}
export function createLogger(opts = {}) {
    const out = opts.destination ?? process.stdout;
    const options = {
        level: opts.level ?? process.env.COREBOUND_LOG_LEVEL ?? 'info',
        base: { pid: process.pid, ...opts.base },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
    };
    if (resolveLogFormat(opts.format, out) === 'pretty') {
        // In-process stream, not a transport: no extra thread, and lines stay ordered with the process's own output.
        const stream = pretty({
            destination: out,
            sync: true,
            colorize: Boolean(out.isTTY),
            translateTime: 'SYS:HH:MM:ss.l',
            ignore: 'pid,hostname',
            messageFormat: '{if jobId}job {jobId}#{attempt} {task} · {end}{msg}',
        });
        return pino(options, stream);
    }
    return pino(options, opts.destination ?? pino.destination({ dest: 1, sync: false }));
}
/** The fields every job line carries. */
export function jobFields(job) {
    const fields = { jobId: job.id, attempt: job.attempt, task: job.task, queue: job.queue };
    const traceId = traceIdOf(job);
    if (traceId)
        fields.traceId = traceId;
    return fields;
}
/** A child logger for one attempt of a job. */
export function attemptLogger(base, job) {
    return base.child(jobFields(job));
}
/** Adapts a pino logger to the TaskLogger interface (message first, fields second). */
export function toTaskLogger(logger) {
    const at = (level) => (msg, fields) => {
        if (fields && Object.keys(fields).length > 0)
            logger[level](fields, msg);
        else
            logger[level](msg);
    };
    return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
/**
 * A TaskLogger for a node: a line whose fields name a `jobId` (the
 * supervisor's own lines and task code's ctx.log lines both do) is written
 * through that attempt's child logger when `lookup` knows it, so it gains
 * attempt, queue and traceId as well.
 */
export function enrichingTaskLogger(base, lookup) {
    const at = (level) => (msg, fields) => {
        const id = fields?.jobId;
        const child = typeof id === 'number' ? lookup(id) : undefined;
        if (child && fields) {
            const { jobId: _j, task: _t, ...rest } = fields;
            if (Object.keys(rest).length > 0)
                child[level](rest, msg);
            else
                child[level](msg);
        }
        else if (fields && Object.keys(fields).length > 0) {
            base[level](fields, msg);
        }
        else {
            base[level](msg);
        }
    };
    return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
//# sourceMappingURL=logger.js.map