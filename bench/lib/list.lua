-- bench/run.sh, scenario 3: anonymous readers list an essay's annotations a page of 200 at a time,
-- each request at a random place of the keyset (after=<seq>), as a page walking the list would.
local path = os.getenv("BENCH_LIST_PATH")
local low = tonumber(os.getenv("BENCH_SEQ_LOW"))
local high = tonumber(os.getenv("BENCH_SEQ_HIGH"))

request = function()
  return wrk.format("GET", path .. "?after=" .. math.random(low, high) .. "&limit=200")
end
