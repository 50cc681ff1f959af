-- wrk reporter for bench_load.py: at the end, print one line of JSON with the latency
-- percentiles (microseconds), the number of requests, the run's length and the errors
-- (wrk counts answers with a status of 400 or more, and every socket error).
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout
  ))
end
