-- Paces each wrk connection: wait this many milliseconds before every request, so
-- connections x 1000 / (delay + latency) bounds the rate. Set with: wrk ... -s paced.lua -- <delay ms>
local pause = 4
function init(args)
  if args[1] then pause = tonumber(args[1]) end
end
function delay()
  return pause
end
