-- Stores one rep's load: its hash and its score in its team's ranking, in one step. updatedAt is the
-- guard: after a Flink restart from a checkpoint, older loads are replayed, and one that is older than
-- the stored load changes nothing. An equal updatedAt writes the same values again.
-- KEYS[1] rep load hash, KEYS[2] team load ranking
-- ARGV[1] repId, ARGV[2] teamId, ARGV[3] openLeads, ARGV[4] awaitingFirstResponse, ARGV[5] followUps3d,
-- ARGV[6] assigned24h, ARGV[7] capacity, ARGV[8] loadPct, ARGV[9] updatedAt (epoch ms),
-- ARGV[10] and ARGV[11] what comes before and after the team id in a team ranking key: the old team is
-- only known here, so its key is built here (standalone Redis allows that; the alert script's keys
-- span slots too).
local stored = redis.call('HMGET', KEYS[1], 'updatedAt', 'teamId')
if stored[1] and tonumber(stored[1]) > tonumber(ARGV[9]) then
  return 0
end
if stored[2] and stored[2] ~= ARGV[2] then
  redis.call('ZREM', ARGV[10] .. stored[2] .. ARGV[11], ARGV[1])
end
redis.call('HSET', KEYS[1],
  'teamId', ARGV[2], 'openLeads', ARGV[3], 'awaitingFirstResponse', ARGV[4], 'followUps3d', ARGV[5],
  'assigned24h', ARGV[6], 'capacity', ARGV[7], 'loadPct', ARGV[8], 'updatedAt', ARGV[9])
redis.call('ZADD', KEYS[2], ARGV[8], ARGV[1])
return 1
