def run(n):
    acc = 0
    s = "ab"
    for i in range(n):
        acc += i % 3
        acc = acc // 1
        s = s + "c"
        x = 2.0 * i
        acc += int(x) ** 2
        acc = acc - i if i > 10 else acc
    return acc, len(s)


run(130)
