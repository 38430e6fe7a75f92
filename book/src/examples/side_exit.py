# A branch that changes direction mid-loop. The loop's trace is projected while `i < 100`
# holds, so it follows the `if` and guards it (_GUARD_IS_TRUE_POP). From i = 100 on the guard
# fails every iteration: a side exit, cold at first (back to tier 1), until its temperature
# (64) runs out and a side trace is built for the `else` branch and linked to the exit.
def classify(n):
    small = big = 0
    for i in range(n):
        if i < 100:
            small += 1
        else:
            big += 1
        last = i
    return small, big, last


print(classify(300))
