-- POST /v1/beacon with a (c, s) never sent before, so that every beacon is a new one the gateway produces to Kafka.
-- Usage: wrk -t<threads> ... -s beacons.lua <url> -- <click ids, comma-separated> <threads> <first s> [pause ms]
-- Thread k takes every threads-th click id from the k-th on and counts s up per id from <first s> (give each run of
-- wrk its own range: the gateway counts a repeated (c, s) once); pause paces every connection (connections x 1000 /
-- (pause + latency) then bounds the rate).
local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

local mine = {}
local sent = 0
local pause = 0
local first = 0
function init(args)
  local all = {}
  for id in string.gmatch(args[1], "[^,]+") do all[#all + 1] = id end
  local count = tonumber(args[2])
  for i = 1, #all do
    if (i - 1) % count == index then mine[#mine + 1] = all[i] end
  end
  first = tonumber(args[3])
  if args[4] then pause = tonumber(args[4]) end
end

local headers = { ["Content-Type"] = "text/plain;charset=UTF-8" }
function request()
  local id = mine[sent % #mine + 1]
  local s = first + math.floor(sent / #mine)
  sent = sent + 1
  return wrk.format("POST", nil, headers, string.format('{"c":"%s","v":15000,"s":%d}', id, s))
end

function delay()
  return pause
end
