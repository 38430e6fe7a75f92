# One `x + step` site fed ints for 10 iterations, then floats. CPython 3.13 specializes it to
# BINARY_OP_ADD_INT on the 2nd iteration, deopts on the next 52 (float) ones while the
# cooldown counts down, and re-specializes to BINARY_OP_ADD_FLOAT on the 63rd.
def walk(n, switch):
    x = 0
    step = 1
    for i in range(n):
        if i == switch:
            x = 0.0
            step = 0.5
        x = x + step
    return x


print(walk(70, 10))
