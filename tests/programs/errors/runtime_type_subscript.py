# Subscripting a class without __class_getitem__.
names = [str(n) for n in range(3)]
print(str[0])
