import { openStore } from '../store/open.js';
import { applyTask, withTaskDefaults } from './task-spec.js';
/**
 * The typed producer/operator API; the CLI and HTTP API are thin layers over it.
 * Pass a task definition to get its input type checked at compile time and
 * its schema checked at run time, or a task name for untyped use.
 */
export class Client {
    store;
    catalog;
    constructor(store, catalog) {
        this.store = store;
        this.catalog = catalog;
    }
    static async open(url, opts = {}) {
        return new Client(await openStore(url, opts), opts.tasks);
    }
    async enqueue(task, input, opts = {}) {
        const [r] = await this.enqueueMany([this.spec(task, input, opts)]);
        return r;
    }
    /** One transaction: all specs are stored, or none. */
    async enqueueMany(specs) {
        return this.store.enqueue(specs.map((s) => applyTask(s, this.catalog)));
    }
    spec(task, input, opts = {}) {
        if (typeof task === 'string')
            return { ...opts, task, input };
        return withTaskDefaults({ ...opts, task: task.name, input }, task);
    }
    get(id) {
        return this.store.get(id);
    }
    attempts(id) {
        return this.store.attempts(id);
    }
    list(filter = {}) {
        return this.store.list(filter);
    }
    cancel(id) {
        return this.store.cancel(id);
    }
    retry(id) {
        return this.store.retry(id);
    }
    async result(job) {
        if (!job.resultSha)
            return undefined;
        const r = await this.store.getResult(job.resultSha);
        return r ? JSON.parse(r.bytes.toString('utf8')) : undefined;
    }
    close() {
        return this.store.close();
    }
}
//# sourceMappingURL=client.js.map