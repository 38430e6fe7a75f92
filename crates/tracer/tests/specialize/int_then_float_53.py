def add(x, y):
    return x + y

for i in range(2):
    add(1, 2)
for i in range(53):
    add(1.0, 2.0)
