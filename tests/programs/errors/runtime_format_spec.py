# A bad format spec in an f-string: the error comes from str's __format__.
name = "abc"
count = 3
print(f"{count:d} {name:>5}")
print(f"{name:d}")
