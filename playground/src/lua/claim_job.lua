-- Claims a job for a worker under a lease: a job whose lease ran out first, else the next one queued.
%key queue
%key leases
%arg worker string
%arg lease_ms integer
%type Claim = { job: string, worker: string, reclaimed: boolean, lease_until: integer }
%return Claim?
%include "lib/util"

local now = now_ms()
local job = redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'LIMIT', 0, 1)[1]
local reclaimed = job ~= nil
if not reclaimed then
  job = redis.call('LPOP', queue)
  if not job then return nil end
end
redis.call('ZADD', leases, now + lease_ms, job)
return cjson.encode({ job = job, worker = worker, reclaimed = reclaimed, lease_until = now + lease_ms })
