-- Stores one alert everywhere it belongs, once: the alert key is the guard, so an alert
-- detected again (after a failover or a replay) changes nothing.
-- KEYS[1] alert key, KEYS[2] stream, KEYS[3] team feed, KEYS[4] rep feed (optional)
-- ARGV[1] alert JSON, ARGV[2] TTL seconds, ARGV[3] alert id, ARGV[4] score (detectedAt ms),
-- ARGV[5] feed length, ARGV[6] team channel, ARGV[7] stream max length (approximate)
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  return 0
end
local keep = -(tonumber(ARGV[5]) + 1)
for i = 3, #KEYS do
  redis.call('ZADD', KEYS[i], ARGV[4], ARGV[3])
  redis.call('ZREMRANGEBYRANK', KEYS[i], 0, keep)
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], '*', 'alert', ARGV[1])
redis.call('PUBLISH', ARGV[6], ARGV[1])
return 1
