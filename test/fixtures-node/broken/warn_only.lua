--%arg unused string
return 1
