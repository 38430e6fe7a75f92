# Ends with an uncaught ZeroDivisionError raised two calls deep.
def ratio(a, b):
    return a / b


def average(xs):
    return ratio(sum(xs), len(xs))


print(average([1, 2, 3]))
print(average([10]))
print(average([]))
print("never printed")
