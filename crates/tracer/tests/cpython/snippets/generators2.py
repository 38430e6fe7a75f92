def counter(n):
    for i in range(n):
        if i % 2:
            yield i
    return "done"

def pairs(xs):
    return ((x, y) for x in xs for y in xs if x < y)

def squares(xs):
    return list(x * x for x in xs)

def gen_with_try():
    try:
        yield 1
    finally:
        print("closed")

print(list(counter(5)), list(pairs([1, 2])), squares([1, 2]), list(gen_with_try()))
