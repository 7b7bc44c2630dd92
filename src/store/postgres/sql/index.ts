import { claimSql } from './claim.js';
import { leaseSql } from './lease.js';
import { maintenanceSql } from './maintenance.js';
import { operatorSql } from './operator.js';
import { producerSql } from './producer.js';
import { readSql } from './read.js';
import { settleSql } from './settle.js';

/**
 * Every statement the PostgreSQL store runs, by name, schema-qualified once
 * at open (no search_path, so it also works behind PgBouncer and inside a
 * caller's transaction whatever their search_path is).
 */
export function statements(schema: string) {
  const s = `"${schema}"`;
  return {
    ...producerSql(s),
    ...claimSql(s),
    ...leaseSql(s),
    ...operatorSql(s),
    ...maintenanceSql(s),
    ...readSql(s),
    ...settleSql(s),
  };
}

export type Statements = ReturnType<typeof statements>;
