-- Writes a global: Redis rejects that at run time, the check at build time.
function oops()
  return redis.call("GET", counter)
end
