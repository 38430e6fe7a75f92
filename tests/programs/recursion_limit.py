# Unbounded recursion raises RecursionError, which the program catches and survives.
def depth(n):
    return depth(n + 1)


def bounded(n):
    if n == 0:
        return 0
    return 1 + bounded(n - 1)


try:
    depth(0)
except RecursionError as e:
    print("caught RecursionError:", e)
print(bounded(500))
try:
    depth(0)
except RecursionError:
    print("caught again")
print(isinstance(RecursionError(), RuntimeError))
print("still alive", bounded(100))
