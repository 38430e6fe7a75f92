x = 1
y = x + 2 * 3
z = -x
print(x, y, z)
if x < y:
    print("lt")
elif x == y:
    print("eq")
else:
    print("gt")
while x < 10:
    x += 1
for i in range(3):
    if i == 1:
        continue
    if i == 2:
        break
else:
    pass
del z
