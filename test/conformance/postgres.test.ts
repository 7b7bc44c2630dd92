import { afterAll } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { dropTestSchemas, testDatabaseUrl } from '../support/postgres.js';
import { runStoreConformance } from './suite.js';

// Each test gets a fresh schema on the shared server, migrated from scratch.
runStoreConformance('postgres', async (clock) => {
  const store = await openPostgresStore(await testDatabaseUrl('conf'), { clock });
  await store.migrate();
  return store;
});

afterAll(dropTestSchemas);
