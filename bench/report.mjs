#!/usr/bin/env node
// bench/report.mjs WORKDIR: turns the raw outputs of bench/run.sh into Markdown tables and a
// target check. Input files (written by run.sh; the parts that were not run are left out):
// wrk.tsv, ttfb.json, failover.json, streams.json, streams-direct.json, slow-wrk-*.txt, rss.txt,
// meta.txt.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
const has = (f) => fs.existsSync(path.join(dir, f));
const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
const kv = (text) => Object.fromEntries(text.trim().split('\n').filter(Boolean).map((l) => {
    const i = l.indexOf(' ');
    return [l.slice(0, i), l.slice(i + 1)];
}));
const wrkFields = (text) => Object.fromEntries(text.trim().split(' ').map((x) => x.split('='))
    .map(([k, v]) => [k, Number(v)]));
const meta = kv(read('meta.txt'));
const rss = kv(read('rss.txt'));
const clkTck = Number(meta.clk_tck);

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    if (!s.length) return NaN;
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const fmtInt = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const signed = (x) => (Number.isFinite(x) ? (x >= 0 ? '+' : '−') + Math.abs(Math.round(x)) : 'n/a');
const pct = (x) => (Number.isFinite(x) ? `${Math.round(x * 100)} %` : 'n/a');
const mark = (ok) => (ok ? 'met' : '**missed**');
const out = [];
const p = (s = '') => out.push(s);
const targets = []; // rows of the target table: [target, budget, measured, verdict]

// --- wrk matrix ---
if (has('wrk.tsv')) {
    const cells = new Map(); // "mode|conns|target" -> [{round, rps, p50, p99, errors, cpuUs, otherPct}]
    const roundBg = new Map(); // "mode|conns|round" -> the worst background CPU % of its cells
    for (const line of read('wrk.tsv').trim().split('\n').filter(Boolean)) {
        const [round, mode, conns, target, proxyTicks, , rest] = line.split('\t');
        const f = wrkFields(rest);
        const key = `${mode}|${conns}|${target}`;
        if (!cells.has(key)) cells.set(key, []);
        const otherPct = f.other_cpu_pct ?? NaN;
        cells.get(key).push({
            round: Number(round),
            rps: f.requests / (f.duration_us / 1e6), p50: f.p50, p99: f.p99, requests: f.requests,
            errors: f.err_connect + f.err_read + f.err_write + f.err_status + f.err_timeout,
            cpuUs: target === 'direct' ? NaN : (Number(proxyTicks) * 1e6 / clkTck) / f.requests,
            otherPct,
        });
        const rk = `${mode}|${conns}|${round}`;
        roundBg.set(rk, Math.max(roundBg.get(rk) ?? 0, otherPct));
    }
    // A round is clean when none of its cells (same mode and connections) ran next to more than
    // BG_LIMIT % of background CPU. Only clean rounds count when there is at least one.
    const BG_LIMIT = Number(process.env.BG_LIMIT ?? 10);
    const cleanRounds = (mode, conns) => {
        const all = [...roundBg.entries()].filter(([k]) => k.startsWith(`${mode}|${conns}|`));
        const clean = all.filter(([, v]) => v <= BG_LIMIT).map(([k]) => Number(k.split('|')[2]));
        return { clean: clean.length ? new Set(clean) : null, total: all.length, used: clean.length || all.length };
    };
    const agg = (mode, conns, target) => {
        const { clean } = cleanRounds(mode, conns);
        const rows = (cells.get(`${mode}|${conns}|${target}`) ?? []).filter((r) => !clean || clean.has(r.round));
        return {
            n: rows.length,
            rps: median(rows.map((r) => r.rps)),
            rpsMin: Math.min(...rows.map((r) => r.rps)),
            rpsMax: Math.max(...rows.map((r) => r.rps)),
            p50: median(rows.map((r) => r.p50)),
            p99: median(rows.map((r) => r.p99)),
            errors: rows.reduce((a, r) => a + r.errors, 0),
            cpuUs: median(rows.map((r) => r.cpuUs)),
            otherMax: Math.max(...rows.map((r) => r.otherPct)),
        };
    };
    const keys = [...cells.keys()].map((k) => k.split('|'));
    const modes = [...new Set(keys.map((k) => k[0]))];
    const connsList = [...new Set(keys.map((k) => Number(k[1])))].sort((a, b) => a - b);

    p(`### Throughput and latency (wrk; ${meta.rounds} interleaved round(s) of ${meta.duration_s} s per cell, median over the clean rounds)`);
    p();
    p('Latencies in µs as wrk reports them (for SSE: to the end of the stream). "added" = the proxy\'s');
    p('p50/p99 minus the direct p50/p99 of the same cell. "vs nginx" = Gatehouse RPS / nginx RPS.');
    p('"CPU/req" = the proxy process\'s own CPU time (user + system, all threads) per request, from');
    p('/proc/PID/stat around the cell. "bg CPU" = the CPU the rest of the machine used during the cell');
    p('(all of /proc/stat minus mock, nginx, gatehouse and wrk), in % of all cores, the worst of the');
    p(`rounds used. A round counts only if none of its cells (same mode and connections) saw more than`);
    p(`${BG_LIMIT} % bg CPU, unless no round is that clean; "rounds" says how many were used.`);
    p();
    p('| mode | conns | target | RPS (min–max) | p50 | p99 | added p50 | added p99 | vs nginx | CPU/req µs | errors | bg CPU | rounds |');
    p('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const mode of modes) {
        for (const conns of connsList) {
            const d = agg(mode, conns, 'direct');
            const ng = agg(mode, conns, 'nginx');
            for (const target of ['direct', 'nginx', 'gatehouse', 'variant']) {
                const a = agg(mode, conns, target);
                if (!a.n) continue;
                const proxy = target !== 'direct';
                const range = a.n > 1 ? ` (${fmtInt(a.rpsMin)}–${fmtInt(a.rpsMax)})` : '';
                p(`| ${mode.toUpperCase()} | ${conns} | ${target} | ${fmtInt(a.rps)}${range} | ` +
                  `${fmt(a.p50)} | ${fmt(a.p99)} | ${proxy ? signed(a.p50 - d.p50) : ''} | ` +
                  `${proxy ? signed(a.p99 - d.p99) : ''} | ${target === 'gatehouse' || target === 'variant' ? pct(a.rps / ng.rps) : ''} | ` +
                  `${proxy ? fmt(a.cpuUs, 1) : ''} | ${a.errors} | ${Number.isFinite(a.otherMax) ? `${a.otherMax} %` : 'n/a'} | ` +
                  `${cleanRounds(mode, conns).used}/${cleanRounds(mode, conns).total} |`);
            }
        }
    }
    p();
    for (const mode of modes) {
        const g = agg(mode, 1, 'gatehouse');
        const d = agg(mode, 1, 'direct');
        if (g.n && d.n) {
            targets.push([`added latency, 1 connection, ${mode.toUpperCase()}, p50`, '≤ 60 µs',
                          `${signed(g.p50 - d.p50)} µs`, mark(g.p50 - d.p50 <= 60)]);
            targets.push([`added latency, 1 connection, ${mode.toUpperCase()}, p99`, '≤ 250 µs',
                          `${signed(g.p99 - d.p99)} µs`, mark(g.p99 - d.p99 <= 250)]);
        }
    }
    for (const mode of modes) {
        const g = agg(mode, 64, 'gatehouse');
        const n = agg(mode, 64, 'nginx');
        if (g.n && n.n)
            targets.push([`RPS at 64 connections vs nginx, ${mode.toUpperCase()}`, '≥ 50 %',
                          `${pct(g.rps / n.rps)} (${fmtInt(g.rps)} vs ${fmtInt(n.rps)})`, mark(g.rps / n.rps >= 0.5)]);
    }
}

// --- TTFB ---
if (has('ttfb.json')) {
    const ttfb = JSON.parse(read('ttfb.json'));
    const td = ttfb.targets.direct.ttfbUs;
    p(`### Time to first SSE body byte (bench/latency.mjs: ${ttfb.n} sequential streams per target, interleaved, one keep-alive connection each)`);
    p();
    if (rss.bg_ttfb !== undefined) p(`Background CPU during this step: ${rss.bg_ttfb} % of the machine.`), p();
    p('| target | TTFB p50 µs | p90 | p99 | added p50 | added p99 | errors |');
    p('|---|---:|---:|---:|---:|---:|---:|');
    for (const [name, t] of Object.entries(ttfb.targets)) {
        const proxy = name !== 'direct';
        p(`| ${name} | ${fmt(t.ttfbUs.p50)} | ${fmt(t.ttfbUs.p90)} | ${fmt(t.ttfbUs.p99)} | ` +
          `${proxy ? signed(t.ttfbUs.p50 - td.p50) : ''} | ${proxy ? signed(t.ttfbUs.p99 - td.p99) : ''} | ${t.errors} |`);
    }
    p();
    const g = ttfb.targets.gatehouse.ttfbUs;
    targets.push(['added time to first SSE byte, p50 (p99)', '≤ 1 ms',
                  `${signed(g.p50 - td.p50)} µs (${signed(g.p99 - td.p99)} µs)`, mark(g.p50 - td.p50 <= 1000)]);
}

// --- failover ---
if (has('failover.json')) {
    const fo = JSON.parse(read('failover.json'));
    const F = fo.targets;
    const what = {
        mock_429: 'the failing upstream\'s own 429 (Retry-After: 0), straight from the mock',
        mock_200: 'the healthy upstream\'s 200, straight from the mock',
        healthy_first: 'Gatehouse, ai-proxy-multi: healthy instance first',
        failover: 'Gatehouse, ai-proxy-multi: the 429 instance (Retry-After: 0) first, then the healthy one',
        failover_breaker: 'the same with a plain 429: passive health soon skips the failing instance',
    };
    const FAILED_OVER = 'failing=429,healthy=200';
    p(`### Failover cost (issue 4; bench/latency.mjs: ${fo.n} sequential JSON requests per target, interleaved)`);
    p();
    if (rss.bg_failover !== undefined) p(`Background CPU during this step: ${rss.bg_failover} % of the machine.`), p();
    p('Times to the end of the answer, in µs. Where one target saw several attempt trails');
    p('(`X-Gatehouse-Attempts`), each trail has its own row.');
    p();
    p('| target | what | attempts | requests | p50 | p99 |');
    p('|---|---|---|---:|---:|---:|');
    for (const [name, t] of Object.entries(F)) {
        const trails = Object.entries(t.totalUsByAttempts ?? {});
        const statuses = Object.entries(t.statuses).map(([s, c]) => `${s} ×${c}`).join(', ') +
            (t.errors ? `, errors ×${t.errors}` : '');
        if (trails.length <= 1) {
            p(`| ${name} | ${what[name] ?? ''} | ${trails.length ? `\`${trails[0][0]}\`` : statuses} | ${t.n} | ` +
              `${fmt(t.totalUs.p50)} | ${fmt(t.totalUs.p99)} |`);
        } else {
            for (const [trail, sum] of trails)
                p(`| ${name} | ${what[name] ?? ''} | \`${trail}\` | ${t.attempts[trail]} | ${fmt(sum.p50)} | ${fmt(sum.p99)} |`);
        }
    }
    const fs_ = F.failover.totalUsByAttempts?.[FAILED_OVER];
    const n = F.failover.attempts?.[FAILED_OVER] ?? 0;
    const budget50 = F.mock_429.totalUs.p50 + 1000;
    const budget99 = F.mock_429.totalUs.p99 + 1000;
    p();
    if (fs_ && n > 0) {
        const added50 = fs_.p50 - F.healthy_first.totalUs.p50;
        const added99 = fs_.p99 - F.healthy_first.totalUs.p99;
        p(`A failover (${n} of ${F.failover.n} requests went \`${FAILED_OVER}\`) adds ${fmt(added50)} µs at p50 ` +
          `(${fmt(added99)} µs at p99) to the healthy-first route; the budget is the 429's own time + 1 ms = ` +
          `${fmt(budget50)} µs at p50 (${fmt(budget99)} µs at p99). (The 429 measured from the client includes the ` +
          `client's own HTTP overhead, which a failover inside Gatehouse does not pay; so the failover can cost less ` +
          `than the 429 alone.)`);
        targets.push(['failover cost (issue 4), p50 (p99)', '≤ the 429\'s own time + 1 ms',
                      `+${fmt(added50)} µs vs ${fmt(budget50)} µs (p99: ${signed(added99)} vs ${fmt(budget99)} µs)`,
                      mark(added50 <= budget50) + (added99 > budget99 ? ' at p50; p99 over' : '')]);
    } else {
        p('**No request failed over** (the failing instance was never tried first; see the attempts column).');
        targets.push(['failover cost (issue 4)', '≤ the 429\'s own time + 1 ms', 'no failover happened', '**not measured**']);
    }
    p();
}

// --- slow streams ---
if (has('streams.json')) {
    const [slowN, slowEvents, slowPace, slowWrkS, slowRamp] = meta.slow.split(' ').map(Number);
    const streamMs = slowEvents * slowPace;
    const st = JSON.parse(read('streams.json'));
    const sd = has('streams-direct.json') ? JSON.parse(read('streams-direct.json')) : null;
    p(`### ${slowN} concurrent slow streams (${slowEvents} SSE events ${slowPace} ms apart: ≈ ${streamMs} ms per stream)`);
    p();
    p(`bench/latency.mjs opens the ${slowN} streams over ${slowRamp} ms, one connection each, and checks that`);
    p('each one is a 200 that ends with `data: [DONE]` and has no `event: error`. "At once" is the');
    p('largest number of streams that had their first byte and not yet their end at the same moment.');
    p('"Listen overflows" is the kernel\'s ListenOverflows counter (system-wide) over the step: a');
    p('connection the listen queue had no room for, whose SYN the client has to send again after 1 s.');
    if (rss.bg_streams !== undefined) p(`Background CPU during the two latency.mjs runs: ${rss.bg_streams} % of the machine.`);
    p();
    p('| run | streams | ok | errors | at once | TTFB p50 / p99 ms | stream p50 / p99 ms | largest gap | listen overflows |');
    p('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    const row = (label, r, overflows) => p(
        `| ${label} | ${r.concurrency} | ${r.ok} | ${r.errors}${r.errors ? ` (${JSON.stringify(r.errorKinds)})` : ''} | ` +
        `${r.peakOpen} | ${fmt(r.ttfbUs.p50 / 1000, 1)} / ${fmt(r.ttfbUs.p99 / 1000, 1)} | ` +
        `${fmt(r.totalUs.p50 / 1000)} / ${fmt(r.totalUs.p99 / 1000)} | ${fmt(r.maxGapMs)} ms | ${overflows ?? 'n/a'} |`);
    if (sd) row('mock directly (control)', sd, rss.listen_overflows_streams_direct);
    row('through Gatehouse', st, rss.listen_overflows_streams);
    p();
    let swErrors = NaN;
    for (const target of ['nginx', 'gatehouse']) {
        if (!has(`slow-wrk-${target}.txt`)) continue;
        const text = read(`slow-wrk-${target}.txt`);
        const line = text.split('\n').find((l) => l.startsWith('WRK_RESULT')) ?? '';
        const sw = wrkFields(line.replace('WRK_RESULT ', ''));
        const cpu = Number((text.match(/^cpu_ticks (\d+)/m) ?? [])[1]);
        const overflows = Number((text.match(/^listen_overflows (-?\d+)/m) ?? [])[1]);
        const errors = sw.err_connect + sw.err_read + sw.err_write + sw.err_status + sw.err_timeout;
        if (target === 'gatehouse') swErrors = errors;
        p(`wrk -c${slowN} -d${slowWrkS}s through ${target === 'nginx' ? 'nginx (reference)' : 'Gatehouse'}: ` +
          `${fmtInt(sw.requests)} streams completed ` +
          `(≈ ${fmtInt(slowN * slowWrkS * 1000 / streamMs)} if all ${slowN} connections stream side by side all the time), ` +
          `${errors} errors (connect ${sw.err_connect}, read ${sw.err_read}, write ${sw.err_write}, ` +
          `status ${sw.err_status}, timeout ${sw.err_timeout}); stream time p50 ${fmt(sw.p50 / 1000)} ms, ` +
          `p99 ${fmt(sw.p99 / 1000)} ms; proxy CPU ${fmt(cpu * 1e6 / clkTck / sw.requests)} µs per stream ` +
          `(${fmt(cpu * 1e6 / clkTck / sw.requests / (slowEvents + 3), 1)} µs per relayed event); listen overflows ${overflows}` +
          (rss[`bg_slow_${target}`] !== undefined ? `; background CPU ${rss[`bg_slow_${target}`]} %.` : '.'));
        p();
    }
    const noErrors = st.errors === 0 && (Number.isNaN(swErrors) || swErrors === 0);
    targets.push([`${slowN} concurrent slow streams with zero errors`, '0 errors, all at once',
                  `${st.errors} + ${Number.isNaN(swErrors) ? 'n/a' : swErrors} errors (latency.mjs + wrk); ${st.peakOpen} of ${slowN} at once`,
                  noErrors ? (st.peakOpen >= slowN ? 'met' : `no errors, but **only ${st.peakOpen} at once**`) : '**missed**']);
}

// --- memory ---
const mb = (kb) => Number(kb) / 1024;
p('### Memory (gatehouse --headless)');
p();
p('| moment | VmRSS |');
p('|---|---:|');
p(`| idle, 1 s after start-up | ${fmt(mb(rss.startup_rss_kb), 1)} MB (${rss.startup_threads} threads) |`);
if (rss.peak_rss_streams_kb) p(`| peak (VmHWM) by the end of the ${meta.slow.split(' ')[0]} streams | ${fmt(mb(rss.peak_rss_streams_kb), 1)} MB |`);
p(`| peak (VmHWM) over the whole run | ${fmt(mb(rss.peak_rss_kb), 1)} MB |`);
p(`| idle, 2 s after all the load | ${fmt(mb(rss.after_load_rss_kb), 1)} MB (${rss.after_load_threads} threads) |`);
p();
targets.push(['headless idle RSS after start-up', '≤ 30 MB',
              `${fmt(mb(rss.startup_rss_kb), 1)} MB (idle after the load: ${fmt(mb(rss.after_load_rss_kb), 1)} MB)`,
              mark(mb(rss.startup_rss_kb) <= 30)]);

p('### Targets');
p();
p('| target | budget | measured | verdict |');
p('|---|---|---|---|');
for (const r of targets) p(`| ${r.join(' | ')} |`);
p();
p(`Command: \`${meta.command}\` (mock provider with ${meta.mock_threads} threads); the whole run took ${meta.elapsed_s} s.`);
p(`Machine: ${meta.cpu}, Linux ${meta.kernel}; ${meta.date}; load average (1/5/15 min) ${meta.load_start} at the start, ` +
  `${meta.load_end} at the end${meta.other_busy ? `; processes over 20 % CPU (lifetime average, ps) at the end: ${meta.other_busy}` : ''}; ${meta.versions}.`);
process.stdout.write(out.join('\n') + '\n');
