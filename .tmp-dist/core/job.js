/**
 * The job model. A job is in exactly one state; see docs/guarantees.md for
 * the state machine and which store operation performs each transition.
 */
export const JobStates = ['scheduled', 'queued', 'running', 'retrying', 'succeeded', 'dead', 'cancelled'];
export const FinalStates = ['succeeded', 'dead', 'cancelled'];
export const isFinal = (s) => FinalStates.includes(s);
export const CrashKinds = ['crash', 'oom'];
//# sourceMappingURL=job.js.map