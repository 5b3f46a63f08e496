-- POST /authManagement verifySignupLong, each request with its own pre-issued token (the thread stops when
-- its tokens are spent)
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local list, i
function init(args)
  bench.init_thread()
  list = bench.load_tokens()
  i = 0
end
function request()
  i = i + 1
  if i > #list then
    bench.stop()
    i = #list
  end
  return bench.post("/authManagement", '{"action":"verifySignupLong","value":"' .. (list[i] or "") .. '"}')
end
