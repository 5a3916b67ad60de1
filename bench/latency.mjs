#!/usr/bin/env node
// bench/latency.mjs: the measurements wrk cannot make, with Node's own http module only (no npm).
//
//   node bench/latency.mjs seq [--n 2000] [--warmup 200] [--stream] \
//        --target LABEL=URL [--target LABEL=URL ...]
//     Sequential requests, one keep-alive connection per target, the targets INTERLEAVED
//     request by request (A B C A B C ...) so that noise hits every target alike. For each
//     request: time to the first body byte (TTFB: request written -> first byte of the body) and
//     time to the end of the answer. Prints one JSON object: per target n, errors, statuses,
//     ttfb/total percentiles in microseconds, and the X-Gatehouse-Attempts values seen (with the
//     total time of the requests of each attempt trail apart).
//
//   node bench/latency.mjs streams --url URL [--concurrency 1000] [--ramp-ms 0] [--timeout-ms 30000]
//     Opens CONCURRENCY streaming requests (one connection each; spread evenly over RAMP_MS, or all
//     at once) and keeps them all open, checks that every
//     one ends with status 200, ends with "data: [DONE]" and carries no "event: error". Prints
//     one JSON object: ok, errors (by kind), the peak number of streams receiving at the same
//     time (first byte seen, end not yet), the largest gap between two pieces of one stream, and
//     the wall time.
//
// Every request POSTs an OpenAI chat body; --stream adds "stream": true.

import http from 'node:http';

function parseArgs(argv) {
    const out = { mode: argv[0], targets: [] };
    for (let i = 1; i < argv.length; ++i) {
        const a = argv[i];
        const next = () => argv[++i];
        switch (a) {
        case '--n': out.n = Number(next()); break;
        case '--warmup': out.warmup = Number(next()); break;
        case '--stream': out.stream = true; break;
        case '--target': {
            const v = next();
            const eq = v.indexOf('=');
            out.targets.push({ label: v.slice(0, eq), url: new URL(v.slice(eq + 1)) });
            break;
        }
        case '--url': out.url = new URL(next()); break;
        case '--concurrency': out.concurrency = Number(next()); break;
        case '--timeout-ms': out.timeoutMs = Number(next()); break;
        case '--ramp-ms': out.rampMs = Number(next()); break;
        default: throw new Error(`unknown argument ${a}`);
        }
    }
    return out;
}

function body(stream) {
    return JSON.stringify({
        model: 'gpt-4o-mini',
        ...(stream ? { stream: true } : {}),
        messages: [{ role: 'user', content: 'Say hello.' }],
    });
}

function percentile(sorted, p) {
    if (!sorted.length) return null;
    const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[idx];
}

function summary(values) {
    const s = Float64Array.from(values).sort();
    const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : null;
    const r = (x) => (x === null ? null : Math.round(x * 10) / 10);
    return { p50: r(percentile(s, 50)), p90: r(percentile(s, 90)), p99: r(percentile(s, 99)),
             max: r(s.length ? s[s.length - 1] : null), mean: r(mean) };
}

// One request; resolves { status, ttfbUs, totalUs, text, attempts, error }.
function request(url, agent, payload, keepText, timeoutMs = 30000, onFirst = null) {
    return new Promise((resolve) => {
        let settled = false;
        const done = (r) => { if (!settled) { settled = true; resolve(r); } };
        const t0 = process.hrtime.bigint();
        let tFirst = null;
        const req = http.request({
            host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST',
            agent, headers: { 'Content-Type': 'application/json',
                              'Content-Length': Buffer.byteLength(payload) },
        }, (res) => {
            const pieces = [];
            let lastPiece = null;
            let maxGapUs = 0;
            res.on('data', (chunk) => {
                const now = process.hrtime.bigint();
                if (tFirst === null) {
                    tFirst = now;
                    if (onFirst) onFirst();
                }
                if (lastPiece !== null) maxGapUs = Math.max(maxGapUs, Number(now - lastPiece) / 1e3);
                lastPiece = now;
                if (keepText) pieces.push(chunk);
            });
            res.on('end', () => {
                const tEnd = process.hrtime.bigint();
                done({ status: res.statusCode,
                       ttfbUs: Number((tFirst ?? tEnd) - t0) / 1e3,
                       totalUs: Number(tEnd - t0) / 1e3,
                       text: keepText ? Buffer.concat(pieces).toString('utf8') : '',
                       attempts: res.headers['x-gatehouse-attempts'] ?? null, maxGapUs });
            });
            res.on('error', (e) => done({ error: `response: ${e.code ?? e.message}` }));
        });
        req.setTimeout(timeoutMs, () => { req.destroy(new Error('timeout')); });
        req.on('error', (e) => done({ error: e.code ?? e.message }));
        req.end(payload);
    });
}

async function seq(opts) {
    const n = opts.n ?? 2000;
    const warmup = opts.warmup ?? 200;
    const payload = body(opts.stream);
    const state = opts.targets.map((t) => ({
        ...t, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
        ttfb: [], total: [], errors: 0, statuses: {}, attempts: {}, byAttempts: {}, firstError: null,
    }));
    for (let i = 0; i < warmup + n; ++i) {
        for (const t of state) {
            const r = await request(t.url, t.agent, payload, false);
            if (i < warmup) continue;
            if (r.error) {
                ++t.errors;
                t.firstError ??= r.error;
                continue;
            }
            t.statuses[r.status] = (t.statuses[r.status] ?? 0) + 1;
            if (r.attempts !== null) {
                t.attempts[r.attempts] = (t.attempts[r.attempts] ?? 0) + 1;
                (t.byAttempts[r.attempts] ??= []).push(r.totalUs);
            }
            t.ttfb.push(r.ttfbUs);
            t.total.push(r.totalUs);
        }
    }
    const result = { mode: 'seq', n, warmup, stream: !!opts.stream, targets: {} };
    for (const t of state) {
        t.agent.destroy();
        result.targets[t.label] = { url: t.url.href, n: t.ttfb.length, errors: t.errors,
                                    firstError: t.firstError, statuses: t.statuses,
                                    attempts: t.attempts,
                                    totalUsByAttempts: Object.fromEntries(Object.entries(t.byAttempts)
                                        .map(([k, v]) => [k, summary(v)])),
                                    ttfbUs: summary(t.ttfb),
                                    totalUs: summary(t.total) };
    }
    return result;
}

async function streams(opts) {
    const c = opts.concurrency ?? 1000;
    const payload = body(true);
    // One connection per stream: no pooling, no limit.
    const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
    let open = 0;
    let peak = 0;
    const errors = {};
    const fail = (kind) => { errors[kind] = (errors[kind] ?? 0) + 1; };
    let maxGapUs = 0;
    const ttfb = [];
    const total = [];
    const t0 = process.hrtime.bigint();
    const ramp = opts.rampMs ?? 0;
    const one = async (_, i) => {
        if (ramp > 0) await new Promise((r) => setTimeout(r, (i * ramp) / c));
        let receiving = false;
        const r = await request(opts.url, agent, payload, true, opts.timeoutMs ?? 30000, () => {
            receiving = true;
            peak = Math.max(peak, ++open);
        });
        if (receiving) --open;
        if (r.error) return fail(r.error);
        if (r.status !== 200) return fail(`status ${r.status}`);
        if (/^event: error/m.test(r.text)) return fail('error event');
        if (!/data: \[DONE\]\s*$/.test(r.text)) return fail('no [DONE] at the end');
        maxGapUs = Math.max(maxGapUs, r.maxGapUs);
        ttfb.push(r.ttfbUs);
        total.push(r.totalUs);
    };
    await Promise.all(Array.from({ length: c }, one));
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
    return { mode: 'streams', url: opts.url.href, concurrency: c, rampMs: ramp, ok: c - errorCount,
             errors: errorCount, errorKinds: errors, peakOpen: peak,
             wallMs: Math.round(wallMs), maxGapMs: Math.round(maxGapUs / 100) / 10,
             ttfbUs: summary(ttfb), totalUs: summary(total) };
}

const opts = parseArgs(process.argv.slice(2));
let result;
if (opts.mode === 'seq' && opts.targets.length) result = await seq(opts);
else if (opts.mode === 'streams' && opts.url) result = await streams(opts);
else {
    process.stderr.write('usage: latency.mjs seq --target LABEL=URL ... | streams --url URL\n');
    process.exit(2);
}
process.stdout.write(JSON.stringify(result) + '\n');
