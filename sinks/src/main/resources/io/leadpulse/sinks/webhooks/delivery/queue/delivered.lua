-- A delivery arrived: it leaves the queue (and the dead letters, should it have been given up meanwhile).
-- KEYS[1] due set, KEYS[2] delivery hash, KEYS[3] dead letters
-- ARGV[1] alert id, ARGV[2] delivery id
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('DEL', KEYS[2])
return 1
