-- bench/run.sh, scenario 2: every request creates a public highlight (POST), as a reader's page does,
-- the writers of writers.tsv taking turns (each request the next one's cookie and API token).
local dir = os.getenv("BENCH_LIB_OUT")
local writers = {}
for line in io.lines(dir .. "/writers.tsv") do
  local cookie, header, token = line:match("([^\t]*)\t([^\t]*)\t([^\t]*)")
  writers[#writers + 1] = { cookie = cookie, header = header, token = token }
end
local file = assert(io.open(dir .. "/create.json", "rb"))
local body = file:read("*a")
file:close()
local next = 0

request = function()
  next = next % #writers + 1
  local w = writers[next]
  local headers = { ["Content-Type"] = "application/json", ["Cookie"] = w.cookie, [w.header] = w.token }
  return wrk.format("POST", nil, headers, body)
end
