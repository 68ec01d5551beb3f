-- Uses `counter`, which only its includer declares: a library, not a script on its own.
local function bump(by)
  return redis.call('INCRBY', counter, by)
end
