# The optimizer bakes the value of the global SCALE into the trace (remove_globals turns the
# LOAD_GLOBAL into a constant) and watches the module's dict instead of checking it on every
# iteration. Rebinding SCALE invalidates the executor; the next call projects a new one.
SCALE = 2


def total(n):
    t = 0
    for i in range(n):
        t += i * SCALE
    return t


print(total(100))
SCALE = 3
print(total(100))
