-- POST /authManagement sendResetPwd for the next verified user of group 1 (a new reset challenge each time)
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
function init(args) bench.init_thread() end
function request()
  return bench.post("/authManagement", '{"action":"sendResetPwd","value":{"email":"' .. bench.next_email(1) .. '"}}')
end
