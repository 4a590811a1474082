-- Every delivery queued for a subscription is given up with the same reason (the subscription was disabled).
-- KEYS[1] due set, KEYS[2] dead letters
-- ARGV[1] now (epoch ms), ARGV[2] reason, ARGV[3] prefix of its delivery hashes, ARGV[4] prefix of its delivery ids
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, id in ipairs(ids) do
  redis.call('HSET', ARGV[3] .. id, 'lastError', ARGV[2], 'deadAt', ARGV[1])
  redis.call('ZADD', KEYS[2], ARGV[1], ARGV[4] .. id)
end
redis.call('DEL', KEYS[1])
return #ids
