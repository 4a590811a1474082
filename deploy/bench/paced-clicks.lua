-- Customers' clicks at a fixed rate for the pipeline benchmarks (PacedClicks.java starts wrk with this script):
-- each wrk thread sends its share of the rate on a schedule of its own (click n due at start + n * interval, so a
-- slow answer makes the next clicks go out at once instead of lowering the rate), over the tracked links listed in a
-- file, one link after the other, with four browser user agents and no cookies.
-- Arguments after --: <file of link codes> <clicks per second> <wrk threads>
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } lp_timespec;
int clock_gettime(int clock, lp_timespec *now);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("lp_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local agents = {
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
}

local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

local codes, interval, step, sent, start = {}, 1, 1, 0, nil
function init(args)
  for line in io.lines(args[1]) do
    codes[#codes + 1] = line
  end
  step = tonumber(args[3])
  interval = 1000 * step / tonumber(args[2])
end

function request()
  start = start or now_ms()
  local i = index + sent * step
  sent = sent + 1
  return wrk.format("GET", "/l/" .. codes[(i % #codes) + 1], { ["User-Agent"] = agents[(i % #agents) + 1] })
end

function delay()
  local wait = start + sent * interval - now_ms()
  if wait < 0 then
    return 0
  end
  return wait
end
