--%arg name string
--%arg times integer
--%return string
%include "lib/left"
%include "lib/right"
local parts = {}
for i = 1, times do
  parts[i] = left(name)
end
return table.concat(parts, ' ') .. ' ' .. tag('right')
