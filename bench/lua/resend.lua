-- POST /authManagement resendVerifySignup for the next unverified user of group 7
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
function init(args) bench.init_thread() end
function request()
  return bench.post("/authManagement", '{"action":"resendVerifySignup","value":{"email":"' .. bench.next_email(7) .. '"}}')
end
