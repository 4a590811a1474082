-- A deleted subscription's queue is thrown away: nobody wants those deliveries any more.
-- KEYS[1] due set
-- ARGV[1] prefix of its delivery hashes
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, id in ipairs(ids) do
  redis.call('DEL', ARGV[1] .. id)
end
redis.call('DEL', KEYS[1])
return #ids
