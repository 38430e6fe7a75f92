# One `i * 0.5` site that sees an int times a float on every run. No BINARY_OP form of
# CPython 3.13 takes mixed operands, so every attempt to specialize fails and the counter backs
# off: after a failure with backoff b it waits 2^(b+1) - 1 runs, with backoff b + 1. Of the 60
# runs, the attempts are runs 2, 5, 12, 27 and 58. The `total + ...` site next to it sees two
# floats and specializes to BINARY_OP_ADD_FLOAT at once.
def halves(n):
    total = 0.0
    for i in range(n):
        total = total + i * 0.5
    return total


print(halves(60))
