import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ErrorCodes } from '../core/errors.js';
import { ListQuerySchema, SignedQuerySchema, openapiRegistry } from './schemas.js';

/**
 * docs/openapi.json, generated from the zod schemas the server validates
 * with. Regenerate with `npx tsx src/http/openapi.ts`; a test fails when the
 * committed file is out of date.
 */
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ content: { 'application/json': { schema: ref(id) } } });
const err = (description: string) => ({ description, ...json('Error') });
const auth = [{ bearer: [] }];

function queryParams(schema: z.ZodObject): object[] {
  const props = (z.toJSONSchema(schema, { io: 'input' }) as { properties: Record<string, Record<string, unknown>> }).properties;
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: 'query', required: false, ...(description ? { description } : {}), schema: rest };
  });
}

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' } };
const queueParam = { name: 'queue', in: 'path', required: true, schema: { type: 'string' } };
const shaParam = { name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } };
const common = { '401': err('missing or unknown token'), '403': err('token lacks the scope') };

export function buildOpenApi(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(openapiRegistry, { uri: (id) => `#/components/schemas/${id}`, io: 'output' });
  for (const s of Object.values(schemas)) {
    delete (s as Record<string, unknown>).$schema;
    delete (s as Record<string, unknown>).$id;
  }
  const enqueueErrors = {
    ...common,
    '400': err('malformed JSON'),
    '404': err('unknown task (CB_UNKNOWN_TASK)'),
    '413': err('body or input over the limit'),
    '422': err('schema violation; error.details.issues lists the paths'),
    '429': { ...err('queue full (CB_QUEUE_FULL); see Retry-After'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
  };
  const opResponses = {
    '200': { description: 'the job', ...json('Job') },
    ...common,
    '404': err('no such job'),
    '409': err(`not allowed in the job's state (${ErrorCodes.INVALID_STATE})`),
  };
  return {
    openapi: '3.1.0',
    info: { title: 'corebound HTTP API', version: '1', description: 'See docs/http-api.md. Every error body is {error: {code, message}}.' },
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'scopes: enqueue, read, admin (admin implies all)' } },
    },
    paths: {
      '/v1/jobs': {
        post: {
          operationId: 'enqueueJob',
          security: auth,
          requestBody: { required: true, ...json('JobRequest') },
          responses: {
            '201': { description: 'created', ...json('Job') },
            '200': { description: 'the idempotency key existed: the existing job', ...json('Job') },
            ...enqueueErrors,
          },
        },
        get: {
          operationId: 'listJobs',
          security: auth,
          parameters: queryParams(ListQuerySchema),
          responses: { '200': { description: 'newest first, keyset pagination', ...json('JobList') }, '400': err('bad query'), ...common },
        },
      },
      '/v1/jobs:batch': {
        post: {
          operationId: 'enqueueBatch',
          security: auth,
          description: 'All or nothing, in one transaction.',
          requestBody: { required: true, ...json('BatchRequest') },
          responses: {
            '201': { description: 'at least one job created', ...json('BatchResponse') },
            '200': { description: 'every key existed', ...json('BatchResponse') },
            ...enqueueErrors,
          },
        },
      },
      '/v1/jobs/{id}': {
        get: {
          operationId: 'getJob',
          security: auth,
          parameters: [idParam],
          responses: {
            '200': { description: 'status; weak ETag from the job version, short max-age while unfinished', ...json('Job') },
            '304': { description: 'If-None-Match matched' },
            ...common,
            '404': err('no such job'),
          },
        },
      },
      '/v1/jobs/{id}/cancel': { post: { operationId: 'cancelJob', security: auth, parameters: [idParam], responses: opResponses } },
      '/v1/jobs/{id}/retry': { post: { operationId: 'retryJob', security: auth, parameters: [idParam], responses: opResponses } },
      '/v1/results/{sha256}': {
        get: {
          operationId: 'getResult',
          security: [{}, ...auth],
          description: 'Immutable bytes. Public queues: no token. Otherwise a read token, or a signed URL (exp, sig).',
          parameters: [shaParam, ...queryParams(SignedQuerySchema)],
          responses: {
            '200': { description: 'the result bytes', content: { '*/*': { schema: {} } } },
            '304': { description: 'If-None-Match matched' },
            ...common,
            '403': err('token lacks the scope, bad signature (CB_BAD_SIGNATURE) or expired URL (CB_URL_EXPIRED)'),
            '404': err('no such result'),
          },
        },
      },
      '/v1/queues': {
        get: { operationId: 'listQueues', security: auth, responses: { '200': { description: 'from a timed snapshot', ...json('Queues') }, ...common } },
      },
      '/v1/queues/{queue}/pause': {
        post: { operationId: 'pauseQueue', security: auth, parameters: [queueParam], responses: { '200': { description: 'paused', ...json('QueueState') }, ...common } },
      },
      '/v1/queues/{queue}/resume': {
        post: { operationId: 'resumeQueue', security: auth, parameters: [queueParam], responses: { '200': { description: 'resumed', ...json('QueueState') }, ...common } },
      },
      '/v1/openapi.json': { get: { operationId: 'openapi', responses: { '200': { description: 'this document' } } } },
      '/healthz': { get: { operationId: 'health', responses: { '200': { description: 'alive', ...json('Health') } } } },
      '/readyz': {
        get: {
          operationId: 'ready',
          responses: { '200': { description: 'ready', ...json('Ready') }, '503': { description: 'not ready', ...json('Ready') } },
        },
      },
    },
  };
}

export const OPENAPI_PATH = join(dirname(fileURLToPath(import.meta.url)), '../../docs/openapi.json');

export function renderOpenApi(): string {
  return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(OPENAPI_PATH, renderOpenApi());
  process.stdout.write(`wrote ${OPENAPI_PATH}\n`);
}
