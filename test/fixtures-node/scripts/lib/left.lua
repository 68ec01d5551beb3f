--%include "util"
local function left(text)
  return tag(text) .. ':left'
end
