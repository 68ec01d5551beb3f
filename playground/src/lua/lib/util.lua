--%pragma once
-- Helpers every playground script includes; `%pragma once` keeps them to one copy per script.

-- Milliseconds since the epoch by the Redis clock, so every client agrees on "now".
local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- A flat `member, score, member, score` reply as a list of { member = ..., score = ... }.
local function scored(flat)
  local out = {}
  for i = 1, #flat, 2 do
    out[#out + 1] = { member = flat[i], score = tonumber(flat[i + 1]) }
  end
  return out
end
