%arg anything
return anything
