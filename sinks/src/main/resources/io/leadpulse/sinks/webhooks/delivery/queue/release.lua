-- A delivery that was claimed but never attempted (a sink claimed it ahead of a free place, then closed or held it
-- too long) goes back to its queue, due at once, as if it had not been claimed: its attempt is not counted. One whose
-- lease is no longer the one it was claimed with (taken again meanwhile) or that is no longer queued is left alone.
-- KEYS[1] due set, KEYS[2] delivery hash
-- ARGV[1] alert id, ARGV[2] end of the lease it was claimed with (epoch ms), ARGV[3] now (epoch ms)
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) ~= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
if redis.call('HINCRBY', KEYS[2], 'attempts', -1) <= 0 then
  redis.call('HDEL', KEYS[2], 'firstAttemptAt')
end
return 1
