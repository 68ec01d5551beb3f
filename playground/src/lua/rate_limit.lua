-- A sliding-window rate limiter: at most `limit` hits per `window_ms` for one bucket.
%key bucket
%arg limit integer
%arg window_ms integer
%type RateLimit = { allowed: boolean, remaining: integer, retry_after_ms: integer }
%return RateLimit
%include "lib/util"

local now = now_ms()
redis.call('ZREMRANGEBYSCORE', bucket, '-inf', now - window_ms)
local used = redis.call('ZCARD', bucket)
local allowed = used < limit
if allowed then
  redis.call('ZADD', bucket, now, now .. '-' .. used)
  used = used + 1
end
redis.call('PEXPIRE', bucket, window_ms)

local retry_after_ms = 0
if not allowed then
  local oldest = scored(redis.call('ZRANGE', bucket, 0, 0, 'WITHSCORES'))[1]
  retry_after_ms = oldest.score + window_ms - now
end
return cjson.encode({ allowed = allowed, remaining = limit - used, retry_after_ms = retry_after_ms })
