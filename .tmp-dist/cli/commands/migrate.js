import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import { openStore } from '../../store/open.js';
import { action, addStoreOption, resolveStoreUrl } from '../common.js';
/**
 * `corebound migrate` applies pending migrations (safe to run from several
 * nodes at once: PostgreSQL serializes them under an advisory lock, SQLite
 * under its write lock). `--check` changes nothing and exits non-zero
 * (CB_MIGRATION_PENDING) when migrations are pending, for deploy pipelines
 * that migrate in a separate step.
 */
export function registerMigrate(program) {
    addStoreOption(program.command('migrate').description('apply pending store migrations (or --check for pending ones)'))
        .option('--check', 'apply nothing; exit non-zero when migrations are pending')
        .option('--json', 'print machine-readable output')
        .action(action(async (o) => {
        const store = await openStore(resolveStoreUrl(o.store), { migrate: false });
        try {
            const pending = await store.pendingMigrations();
            if (o.check) {
                if (o.json)
                    process.stdout.write(`${JSON.stringify({ pending })}\n`);
                if (pending.length > 0) {
                    throw new CoreboundError(ErrorCodes.MIGRATION_PENDING, `${pending.length} migration(s) pending: ${pending.join(', ')}; run \`corebound migrate\``);
                }
                if (!o.json)
                    process.stdout.write('up to date\n');
                return;
            }
            await store.migrate();
            const left = new Set(await store.pendingMigrations());
            const applied = pending.filter((n) => !left.has(n));
            if (o.json)
                process.stdout.write(`${JSON.stringify({ applied })}\n`);
            else
                process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'up to date\n');
        }
        finally {
            await store.close();
        }
    }));
}
//# sourceMappingURL=migrate.js.map