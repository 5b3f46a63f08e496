-- POST /authentication (Feathers local strategy) for a random verified user of group 0, right password
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
function init(args) bench.init_thread() end
function request()
  return bench.post("/authentication", '{"strategy":"local","email":"' .. bench.random_email(0)
    .. '","password":"' .. bench.password .. '"}')
end
