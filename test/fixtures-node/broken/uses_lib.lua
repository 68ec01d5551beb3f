%key counter
%include "lib/oops"
return oops()
