import type { FastifyInstance } from 'fastify';
import { type ApiContext } from '../context.js';
/**
 * GET /v1/results/{sha256}: immutable, content-addressed bytes.
 * Access, in order: a signed URL (`exp` and `sig`, checked even when auth
 * is off, so tampering is always refused); a result of a public queue (no
 * token); otherwise a token with the `read` scope.
 *
 * Encoded variants carry their own strong ETags ("<sha>.br", "<sha>.gz"), as
 * RFC 9110 asks, and any of the three revalidates: they all stand for the
 * same immutable content.
 */
export declare function resultRoutes(app: FastifyInstance, ctx: ApiContext): void;
