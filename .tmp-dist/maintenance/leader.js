export const alwaysLeader = { isLeader: () => true };
//# sourceMappingURL=leader.js.map