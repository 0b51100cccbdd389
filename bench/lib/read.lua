-- bench/soak.sh: a reader's requests, taking turns: the essay page, then the first page of its
-- annotation listing (paths from BENCH_READ_PATHS, separated by spaces).
local paths = {}
for path in os.getenv("BENCH_READ_PATHS"):gmatch("%S+") do
  paths[#paths + 1] = path
end
local next = 0

request = function()
  next = next % #paths + 1
  return wrk.format("GET", paths[next])
end
