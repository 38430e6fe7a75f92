# SystemExit with a non-int code prints the code (its str) to stderr and exits with status 1,
# with no traceback.
def check(values):
    for v in values:
        if v < 0:
            raise SystemExit(f"negative value: {v}")
    return len(values)


print(check([1, 2, 3]))
print(check([4, -5, 6]))
