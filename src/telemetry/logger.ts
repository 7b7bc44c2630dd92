import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import type { Job } from '../core/job.js';
import type { TaskLogger } from '../core/task.js';
import { traceIdOf } from './tracing.js';

/**
 * Structured logs with pino: one JSON object per line in production,
 * pino-pretty's coloured lines in a terminal. Every line about a job comes
 * from a child logger that carries jobId, attempt, task, queue and traceId,
 * so a log search for a job or a trace finds all of it, including the lines
 * task code writes through ctx.log.
 */
export type LogFormat = 'pretty' | 'json' | 'auto';
export const LogFormats: readonly LogFormat[] = ['pretty', 'json', 'auto'];
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface CreateLoggerOptions {
  /** 'auto' (default): pretty when the output is a terminal, JSON otherwise. */
  format?: LogFormat;
  level?: LogLevel;
  /** Where lines go; default stdout. A stream with `isTTY` drives 'auto'. */
  destination?: DestinationStream & { isTTY?: boolean };
  /** Fields on every line, e.g. { node: workerId }. */
  base?: Record<string, unknown>;
}

export function resolveLogFormat(format: LogFormat | undefined, out: { isTTY?: boolean } = process.stdout): 'pretty' | 'json' {
  if (format === 'pretty' || format === 'json') return format;
  return out.isTTY ? 'pretty' : 'json';
}

export function createLogger(opts: CreateLoggerOptions = {}): Logger {
  const out = opts.destination ?? process.stdout;
  const options: LoggerOptions = {
    level: opts.level ?? (process.env.COREBOUND_LOG_LEVEL as LogLevel | undefined) ?? 'info',
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
export function jobFields(job: Pick<Job, 'id' | 'attempt' | 'task' | 'queue' | 'traceparent'>): Record<string, unknown> {
  const fields: Record<string, unknown> = { jobId: job.id, attempt: job.attempt, task: job.task, queue: job.queue };
  const traceId = traceIdOf(job);
  if (traceId) fields.traceId = traceId;
  return fields;
}

/** A child logger for one attempt of a job. */
export function attemptLogger(base: Logger, job: Pick<Job, 'id' | 'attempt' | 'task' | 'queue' | 'traceparent'>): Logger {
  return base.child(jobFields(job));
}

/** Adapts a pino logger to the TaskLogger interface (message first, fields second). */
export function toTaskLogger(logger: Logger): TaskLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, fields?: Record<string, unknown>): void => {
      if (fields && Object.keys(fields).length > 0) logger[level](fields, msg);
      else logger[level](msg);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * A TaskLogger for a node: a line whose fields name a `jobId` (the
 * supervisor's own lines and task code's ctx.log lines both do) is written
 * through that attempt's child logger when `lookup` knows it, so it gains
 * attempt, queue and traceId as well.
 */
export function enrichingTaskLogger(base: Logger, lookup: (jobId: number) => Logger | undefined): TaskLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, fields?: Record<string, unknown>): void => {
      const id = fields?.jobId;
      const child = typeof id === 'number' ? lookup(id) : undefined;
      if (child && fields) {
        const { jobId: _j, task: _t, ...rest } = fields;
        if (Object.keys(rest).length > 0) child[level](rest, msg);
        else child[level](msg);
      } else if (fields && Object.keys(fields).length > 0) {
        base[level](fields, msg);
      } else {
        base[level](msg);
      }
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
