--%pragma once
-- Included by both lib/left.lua and lib/right.lua: the diamond renders it once.
local function tag(text)
  return '<' .. text .. '>'
end
