-- A delivery is given up: it leaves the queue and becomes a dead letter, its hash kept with the last error.
-- KEYS[1] due set, KEYS[2] delivery hash, KEYS[3] dead letters
-- ARGV[1] alert id, ARGV[2] now (epoch ms), ARGV[3] error, ARGV[4] delivery id
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[2], 'lastError', ARGV[3], 'deadAt', ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[4])
return 1
