# Ends with an uncaught TypeError from mixing int and str in a hot function.
def combine(a, b):
    return a + b


total = 0
for i in range(100):
    total = combine(total, i)
print(total)
print(combine("x", "y"))
print(combine(1, "y"))
