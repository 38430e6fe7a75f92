# A local read before its assignment: UnboundLocalError and its 3.13 message.
total = 0


def add(n):
    total += n
    return total


print(total)
add(1)
