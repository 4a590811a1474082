-- Queues one alert for each subscription that wants it and acknowledges its stream entry, in one step: an entry
-- is either acknowledged with all its deliveries queued, or not acknowledged and read again. An entry that is no
-- longer pending was queued by an earlier run, and this run is a repeat (a pipelined batch sent again): queueing it
-- again would repeat deliveries that have completed since, so nothing is done. A delivery that exists already
-- (queued, in flight or dead) is left as it is.
-- KEYS[1] stream, then per subscription: its due set, its delivery hash
-- ARGV[1] consumer group, ARGV[2] entry id, ARGV[3] alert JSON, ARGV[4] alert id, ARGV[5] due (epoch ms),
-- ARGV[6..] the subscription ids, in the order of their keys (none: the entry is only acknowledged)
if #redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1) == 0 then
  return 0
end
local queued = 0
for i = 2, #KEYS, 2 do
  local hash = KEYS[i + 1]
  if redis.call('EXISTS', hash) == 0 then
    redis.call('HSET', hash, 'subscription', ARGV[5 + i / 2], 'alertId', ARGV[4], 'alert', ARGV[3], 'attempts', 0)
    redis.call('ZADD', KEYS[i], ARGV[5], ARGV[4])
    queued = queued + 1
  end
end
-- Last: should anything above fail, the entry stays pending and is read again.
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return queued
