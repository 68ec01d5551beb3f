#!lua flags=no-writes
--%key counter
--%return dict
local value = redis.call('GET', counter)
return cjson.encode({ value = tonumber(value) or 0, exists = value ~= false })
