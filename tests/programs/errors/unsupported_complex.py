# Complex numbers are outside the supported subset (the VM has no complex type).
x = 2
y = x * (1 + 2j)
print(y)
