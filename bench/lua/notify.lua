-- Notification latency: POST /authManagement sendResetPwd at a fixed rate (BENCH_RATE), each request for a
-- different verified user of groups 8 and 9, so that every e-mail received identifies its request
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local k
local size
function init(args)
  bench.init_thread()
  k = tid - bench.threads
  size = bench.group_size(8) + bench.group_size(9)
end
function request()
  k = k + bench.threads
  if k >= size then
    if os.getenv("BENCH_LABEL") == "warmup" then
      k = k % size -- the notifier's warm-up goes round the users again (each request still issues a new reset)
    else
      bench.stop()
      k = tid
    end
  end
  local g = 8 + (k % 2)
  return bench.post("/authManagement", '{"action":"sendResetPwd","value":{"email":"' .. bench.email(g, math.floor(k / 2)) .. '"}}')
end
