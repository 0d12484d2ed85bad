-- wrk script for benchmarks/throughput.py: POST /api/ask with a mix of real questions.
-- Usage: wrk ... -s ask.lua http://127.0.0.1:PORT -- BODIES_FILE  (one JSON body a line)
-- Prints one JSON line of figures at the end for throughput.py to read.

local bodies = {}
local next_body = 0
local thread_count = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function setup(thread)
  -- each thread starts at its own place in the mix, so connections do not ask in lockstep
  thread:set("offset", thread_count * 37)
  thread_count = thread_count + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      bodies[#bodies + 1] = line
    end
  end
  next_body = (offset or 0) % #bodies
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format(nil, "/api/ask", nil, bodies[next_body])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "p50_us": %d, ' ..
    '"p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
