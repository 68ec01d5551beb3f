--%arg size integr
return size
