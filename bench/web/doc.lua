-- wrk: GET a random document's page, as the bench account (bearer token).
local ids = {}
for line in io.lines(os.getenv("TALLY_BENCH_IDS")) do ids[#ids + 1] = line end
local token = os.getenv("TALLY_BENCH_TOKEN")
math.randomseed(7)
request = function()
  return wrk.format("GET", "/documents/" .. ids[math.random(#ids)], { ["Authorization"] = "Bearer " .. token })
end
