%key counter
%arg by integer
%return integer
%include "../lib/bump"
return bump(by)
