export const silentLogger = { debug() { }, info() { }, warn() { }, error() { } };
//# sourceMappingURL=node-options.js.map