-- A failed attempt is tried again at the given time, with its error kept. Only a delivery still in the queue is
-- rescheduled: one given up meanwhile (its subscription was disabled) stays a dead letter.
-- KEYS[1] due set, KEYS[2] delivery hash
-- ARGV[1] alert id, ARGV[2] due (epoch ms), ARGV[3] error
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[2], 'lastError', ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
