# Defaults and keyword arguments in calls, including print's sep and end.
def describe(name, age=0, city="nowhere"):
    return f"{name}, {age}, {city}"


def power(base, exp=2):
    return base ** exp


print(describe("Ann"))
print(describe("Bob", 30))
print(describe("Cy", city="Paris"))
print(describe(age=5, name="Di"))
print(describe("Ed", city="Oslo", age=41))
print(power(3), power(2, 10), power(exp=3, base=4))
print("a", "b", "c", sep="-")
print("no newline", end="|")
print("next", end="\n")
print(1, 2, 3, sep="")
print("x", "y", sep=", ", end="!\n")
print()
print(sorted([3, 1, 2], reverse=True), sorted("cab", key=ord))
total = 0
for i in range(300):
    total += power(i % 5, exp=i % 3)
print(total)


def make_point(x=0, y=0, label="p"):
    return (label, x, y)


print(make_point(), make_point(1), make_point(y=2), make_point(label="q", x=3))
print(int("101", base=2), round(2.567, ndigits=1))
