if True:
    x = 1
else:
print(x)
