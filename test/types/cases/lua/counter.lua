%key counter
%arg by integer
%return integer
%include "lib/clamp"

return redis.call('INCRBY', counter, clamp(by, 1, 100))
