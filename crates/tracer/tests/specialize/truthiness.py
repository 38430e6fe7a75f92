class Empty:
    pass


def run(n):
    count = 0
    values = [0, 1, "", "x", None, [], [1], Empty(), 2.5, (), True]
    for i in range(n):
        for v in values:
            if v:
                count += 1
        if i:
            count -= 1
        if not values:
            count += 100
    return count


print(run(20))
