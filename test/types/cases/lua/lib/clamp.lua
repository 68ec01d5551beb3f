--%pragma once
local function clamp(n, lo, hi)
  return math.max(lo, math.min(hi, n))
end
