-- wrk: GET the search page for one of a fixed set of English and Korean queries.
local queries = {
  "workers", "Vladivostok", "%EB%85%B8%EB%8F%99%EC%9E%90", "%22construction+sites%22", "Qatar+workers",
  "%EC%86%8C%EC%8B%9D%ED%86%B5", "selection", "resolution+2397", "Dandong+month", "%EB%AA%A8%EC%8A%A4%ED%81%AC%EB%B0%94",
}
local token = os.getenv("TALLY_BENCH_TOKEN")
math.randomseed(11)
request = function()
  return wrk.format("GET", "/search?q=" .. queries[math.random(#queries)], { ["Authorization"] = "Bearer " .. token })
end
