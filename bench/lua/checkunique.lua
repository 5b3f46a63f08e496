-- POST /authManagement checkUnique for an e-mail that is taken (both servers answer 400 "Values already taken.")
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
function init(args) bench.init_thread() end
function request()
  return bench.post("/authManagement", '{"action":"checkUnique","value":{"email":"' .. bench.random_email(0) .. '"}}')
end
