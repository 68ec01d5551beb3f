--%arg numbers list
--%arg strict boolean
--%return number?
local total = 0
for _, n in ipairs(numbers) do
  if strict and type(n) ~= 'number' then return nil end
  total = total + (tonumber(n) or 0)
end
return tostring(total)
