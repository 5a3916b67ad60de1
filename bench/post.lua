-- wrk script: POST an OpenAI chat request (non-streaming) and print a machine-readable summary.
-- Used by bench/run.sh; bench/post_stream.lua loads this file with `stream = true` set first.
-- Latencies are in microseconds. For a streamed (SSE) answer wrk's latency is the time to the
-- end of the stream; time to first byte is measured by bench/latency.mjs instead.
local streaming = rawget(_G, "stream") == true

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if streaming then
  wrk.body = '{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Say hello."}]}'
else
  wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}]}'
end

-- No request()/response() callbacks: wrk stays on its fast path (one pre-built request).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d bytes=%d err_connect=%d err_read=%d err_write=%d " ..
    "err_status=%d err_timeout=%d p50=%.1f p90=%.1f p99=%.1f p999=%.1f max=%.1f mean=%.1f\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean))
end
