import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CoreboundError, type ErrorCode } from '../core/errors.js';
export declare function statusFor(code: ErrorCode): number;
export declare function invalid(error: z.ZodError, message: string, prefix?: string): CoreboundError;
export declare function sendError(reply: FastifyReply, e: unknown): FastifyReply;
/** Parses with a zod schema; failures become 422 (bodies) or 400 (query strings) with paths. */
export declare function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: 'body' | 'query'): z.output<T>;
export declare function errorHandler(e: unknown, _req: FastifyRequest, reply: FastifyReply): FastifyReply<import("fastify").RouteGenericInterface, import("fastify").RawServerDefault, import("http").IncomingMessage, import("http").ServerResponse<import("http").IncomingMessage>, unknown, import("fastify").FastifySchema, import("fastify").FastifyTypeProviderDefault, unknown>;
