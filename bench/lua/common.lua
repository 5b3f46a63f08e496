-- Shared by every scenario script (loaded with dofile). Configuration comes from the environment, set by run.sh:
--   BENCH_USERS    seeded users (user i is u<i>@bench.example, group i % 10, see BenchSeed.java)
--   BENCH_THREADS  wrk threads (-t), so that each thread takes its own share of the tokens
--   BENCH_TOKENS   file with one pre-issued link token per line (verify / reset scenarios)
--   BENCH_TOKEN_FROM, BENCH_TOKEN_TO   1-based line range of that file this run may use
--   BENCH_RATE     target requests/s for the whole run (0 or empty: as fast as possible)
--   BENCH_XFF      1: send a random X-Forwarded-For per request (many clients behind a proxy)
--   BENCH_OUT      where done() writes the JSON result
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk, bench_timespec *ts);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

bench = {}
bench.users = tonumber(os.getenv("BENCH_USERS") or "10000")
bench.threads = tonumber(os.getenv("BENCH_THREADS") or "2")
bench.xff = os.getenv("BENCH_XFF") == "1"
bench.password = "bench password 2026"
bench.new_password = "bench new passphrase 77"
local rate = tonumber(os.getenv("BENCH_RATE") or "0") or 0

-- user i of group g: i = 10 * k + g
function bench.group_size(g)
  if bench.users <= g then return 0 end
  return math.floor((bench.users - 1 - g) / 10) + 1
end

function bench.email(g, k)
  return "u" .. (10 * k + g) .. "@bench.example"
end

function bench.random_email(g)
  return bench.email(g, math.random(0, bench.group_size(g) - 1))
end

-- the users of group g in turn, each thread its own (k = tid, tid + threads, ...): a request never meets another
-- one in flight for the same account (which would race for the account's one live challenge)
local turn = -1
function bench.next_email(g)
  local per_thread = math.floor(bench.group_size(g) / bench.threads)
  turn = (turn + 1) % per_thread
  return bench.email(g, tid + bench.threads * turn)
end

-- ---------------------------------------------------------------- thread bookkeeping (main state)
local threads = {}
local next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

-- ---------------------------------------------------------------- per thread
statuses = {}
tokens_left = -1
first_ms = 0
last_ms = 0
exhausted = false
local interval = 0
local next_at = 0

function bench.init_thread()
  math.randomseed(os.time() + 7919 * (tid or 0))
  first_ms = now_ms()
  if rate > 0 then
    interval = 1000.0 * bench.threads / rate
    next_at = now_ms()
  end
end

-- this thread's share of the token file: lines from..to whose index modulo the thread count is its id
function bench.load_tokens()
  local path = os.getenv("BENCH_TOKENS")
  local from = tonumber(os.getenv("BENCH_TOKEN_FROM") or "1")
  local to = tonumber(os.getenv("BENCH_TOKEN_TO") or "1000000000")
  local list = {}
  local n = 0
  for line in io.lines(path) do
    n = n + 1
    if n >= from and n <= to and (n % bench.threads) == tid then
      table.insert(list, line)
    end
  end
  tokens_left = #list
  return list
end

-- stops this thread when its tokens are spent: wrk then reports the time actually used
function bench.stop()
  exhausted = true
  wrk.thread:stop()
end

function bench.headers()
  local h = { ["Content-Type"] = "application/json" }
  if bench.xff then
    h["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  end
  return h
end

function bench.post(path, body)
  return wrk.format("POST", path, bench.headers(), body)
end

-- fixed rate: each call reserves the thread's next slot (the delay is not counted as latency by wrk)
if rate > 0 then
  function delay()
    local t = now_ms()
    if next_at < t - 1000 then next_at = t end -- fell far behind: do not burst to catch up
    local d = next_at - t
    next_at = next_at + interval
    if d < 0 then return 0 end
    return d
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  last_ms = now_ms()
end

function done(summary, latency, requests)
  local merged = {}
  local total = 0
  -- wrk runs for -d even when every thread has stopped early (tokens spent): then the rate is taken over the
  -- time from the first request to the last answer
  local first, last, spent = nil, 0, false
  for _, t in ipairs(threads) do
    local f, l = t:get("first_ms"), t:get("last_ms")
    if f and (first == nil or f < first) then first = f end
    if l and l > last then last = l end
    if t:get("exhausted") then spent = true end
  end
  local seconds = summary.duration / 1e6
  if spent and first and last > first and (last - first) / 1000 < seconds then seconds = (last - first) / 1000 end
  for _, t in ipairs(threads) do
    local s = t:get("statuses") or {}
    for code, count in pairs(s) do
      merged[tostring(code)] = (merged[tostring(code)] or 0) + count
      total = total + count
    end
  end
  local parts = {}
  for code, count in pairs(merged) do table.insert(parts, string.format('"%s":%d', code, count)) end
  local e = summary.errors
  local json = string.format(
    '{"requests":%d,"duration_us":%d,"tokens_spent":%s,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"non2xx":%d},"statuses":{%s},"target_rate":%s}',
    summary.requests, math.floor(seconds * 1e6), tostring(spent), summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, e.timeout, e.status, table.concat(parts, ","), tostring(rate))
  local out = os.getenv("BENCH_OUT")
  if out and out ~= "" then
    local f = assert(io.open(out, "w"))
    f:write(json, "\n")
    f:close()
  end
  io.write(json, "\n")
end
