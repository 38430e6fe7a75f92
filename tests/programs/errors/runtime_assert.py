# A failing assert inside a loop in a function: AssertionError with the formatted message.
def check_sorted(xs):
    for i in range(1, len(xs)):
        assert xs[i - 1] <= xs[i], f"out of order at {i}: {xs[i - 1]} > {xs[i]}"
    return True


print(check_sorted([1, 2, 3]))
print(check_sorted([1, 3, 2]))
