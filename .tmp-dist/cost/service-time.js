import { CoreboundError, ErrorCodes } from '../core/errors.js';
import { parseDuration } from '../core/duration.js';
const bad = (msg) => new CoreboundError(ErrorCodes.INVALID_OPTION, msg);
/** A duration that must carry a unit: `--wait-slo 2` is ambiguous (2 ms? 2 s?), so it is refused. */
export function parseDurationWithUnit(text, what) {
    const t = text.trim();
    if (/^-/.test(t))
        throw bad(`invalid ${what} "${text}": must not be negative`);
    if (/^\d+(\.\d+)?$/.test(t))
        throw bad(`invalid ${what} "${text}": give a unit, e.g. ${t}s or ${t}ms`);
    return parseDuration(t, what);
}
const SHAPES = {
    exp: 'exponential',
    exponential: 'exponential',
    const: 'constant',
    constant: 'constant',
    det: 'constant',
    lognormal: 'lognormal',
};
const DIST_HELP = 'use e.g. 60s (exponential), const:60s, lognormal:60s,cv=0.5';
/** `60s` | `exp:60s` | `const:60s` | `lognormal:60s,cv=0.5`. */
export function parseServiceTime(text) {
    const m = /^\s*(?:([a-z]+)\s*:)?\s*([^,]+?)\s*((?:,\s*[^,]*)*)$/i.exec(text);
    if (!m)
        throw bad(`invalid service time "${text}": ${DIST_HELP}`);
    const shape = SHAPES[(m[1] ?? 'exp').toLowerCase()];
    if (!shape)
        throw bad(`unknown service-time shape "${m[1]}" in "${text}": ${DIST_HELP}`);
    let meanMs;
    try {
        meanMs = parseDurationWithUnit(m[2], 'service time');
    }
    catch (e) {
        const reason = e.message
            .replace(/^invalid service time "[^"]*": /, '')
            .replace(/^use e\.g\..*/, `"${m[2]}" is not a duration`);
        throw bad(`invalid service time "${text}": ${reason}; ${DIST_HELP}`);
    }
    if (meanMs <= 0)
        throw bad(`invalid service time "${text}": the mean must be > 0`);
    const params = new Map();
    for (const part of (m[3] ?? '').split(',').slice(1)) {
        const kv = /^\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(part);
        if (!kv)
            throw bad(`invalid parameter "${part.trim()}" in "${text}": ${DIST_HELP}`);
        params.set(kv[1].toLowerCase(), kv[2]);
    }
    for (const k of params.keys()) {
        if (k !== 'cv')
            throw bad(`unknown parameter "${k}" in "${text}": only cv= is understood`);
    }
    const cvText = params.get('cv');
    if (shape === 'lognormal') {
        if (cvText === undefined)
            throw bad(`lognormal needs a cv: e.g. lognormal:${m[2]},cv=0.5`);
        const cv = Number(cvText);
        if (!Number.isFinite(cv) || cv < 0)
            throw bad(`invalid cv "${cvText}" in "${text}": a number >= 0`);
        return { shape, meanMs, cv };
    }
    if (cvText !== undefined)
        throw bad(`${shape} service times have a fixed cv; use lognormal:${m[2]},cv=${cvText}`);
    return { shape, meanMs, cv: shape === 'constant' ? 0 : 1 };
}
const PER = { s: 1, sec: 1, m: 60, min: 60, h: 3600, hr: 3600, hour: 3600, d: 86_400, day: 86_400 };
/** Jobs per second from `0.5`, `0.5/s`, `30/min`, `1800/h`, `40000/d`. */
export function parseArrivalRate(text) {
    const t = text.trim();
    if (/^-/.test(t))
        throw bad(`invalid arrival rate "${text}": must be > 0 jobs per second`);
    const m = /^(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(?:\/\s*([a-z]+))?$/i.exec(t);
    const per = m ? PER[(m[2] ?? 's').toLowerCase()] : undefined;
    if (!m || per === undefined)
        throw bad(`invalid arrival rate "${text}": use jobs per second (0.5) or a unit (30/min, 1800/h)`);
    const rate = Number(m[1]) / per;
    if (!Number.isFinite(rate) || rate <= 0)
        throw bad(`invalid arrival rate "${text}": must be > 0`);
    return rate;
}
/** A percentile strictly between 0 and 1 (0.95 for the 95th). */
export function parsePercentile(text) {
    const p = typeof text === 'number' ? text : Number(String(text).trim());
    if (!Number.isFinite(p) || p <= 0 || p >= 1) {
        const hint = Number.isFinite(p) && p > 1 && p < 100 ? `; did you mean ${p / 100}?` : '';
        throw bad(`invalid percentile "${text}": must be strictly between 0 and 1, e.g. 0.95${hint}`);
    }
    return p;
}
export function describeService(s) {
    const mean = `${+(s.meanMs / 1000).toPrecision(4)}s`;
    switch (s.shape) {
        case 'exponential':
            return `exponential, mean ${mean}`;
        case 'constant':
            return `constant ${mean}`;
        case 'lognormal':
            return `lognormal, mean ${mean}, cv ${s.cv}`;
        case 'measured':
            return `measured, mean ${mean}, cv ${s.cv.toFixed(2)} (${s.samples ?? 0} attempts)`;
    }
}
//# sourceMappingURL=service-time.js.map