#!lua flags=no-writes
%key user
%arg name string
%arg tags list
%arg admin boolean
%arg meta dict
%arg score number
%arg note
%return dict?

if redis.call('EXISTS', user) == 0 then return nil end
return cjson.encode({ name = name, tags = tags, admin = admin, meta = meta, score = score, note = note })
