-- Takes the due deliveries of some subscriptions for an attempt: each taken delivery is made due again at the end
-- of a lease, so an attempt that never reports back (a crash) is tried again, and no other claim takes it meanwhile.
-- KEYS: the due sets
-- ARGV[1] now (epoch ms), ARGV[2] end of the lease (epoch ms),
-- then per due set: the prefix of its delivery hashes (the alert id completes the key), how many to take
-- Returns per taken delivery: the index of its due set (1-based), alert id, alert JSON, number of this attempt
local taken = {}
for i = 1, #KEYS do
  local prefix = ARGV[1 + 2 * i]
  local limit = tonumber(ARGV[2 + 2 * i])
  local ids = redis.call('ZRANGEBYSCORE', KEYS[i], '-inf', ARGV[1], 'LIMIT', 0, limit)
  for _, id in ipairs(ids) do
    local hash = prefix .. id
    local alert = redis.call('HGET', hash, 'alert')
    if alert then
      local attempt = redis.call('HINCRBY', hash, 'attempts', 1)
      redis.call('HSETNX', hash, 'firstAttemptAt', ARGV[1])
      redis.call('ZADD', KEYS[i], ARGV[2], id)
      taken[#taken + 1] = i
      taken[#taken + 1] = id
      taken[#taken + 1] = alert
      taken[#taken + 1] = attempt
    else
      -- A queue entry without its delivery cannot be sent; it must not come up again and again.
      redis.call('ZREM', KEYS[i], id)
    end
  end
end
return taken
