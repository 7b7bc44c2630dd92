/** Routes that `start` adds beside the API: dashboard, metrics, explain. */
export async function configureStart(_app, _ctx) { }
//# sourceMappingURL=start-extras.js.map