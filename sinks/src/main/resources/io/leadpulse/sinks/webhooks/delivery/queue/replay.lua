-- Dead letters go back to their subscription's queue as new deliveries: attempts start again from the first.
-- KEYS[1] dead letters
-- ARGV[1] due (epoch ms), ARGV[2] prefix of delivery hashes, ARGV[3] prefix of due sets, ARGV[4..] delivery ids
local replayed = 0
for i = 4, #ARGV do
  local id = ARGV[i]
  if redis.call('ZREM', KEYS[1], id) == 1 then
    local hash = ARGV[2] .. id
    local fields = redis.call('HMGET', hash, 'subscription', 'alertId')
    if fields[1] and fields[2] then
      redis.call('HSET', hash, 'attempts', 0)
      redis.call('HDEL', hash, 'firstAttemptAt', 'deadAt')
      redis.call('ZADD', ARGV[3] .. fields[1], ARGV[1], fields[2])
      replayed = replayed + 1
    end
  end
end
return replayed
