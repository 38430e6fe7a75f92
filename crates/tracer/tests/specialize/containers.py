def run(n):
    items = [1, 2, 3, 4]
    pair = (5, 6)
    table = {"a": 1, "b": 2}
    seen = set()
    text = "hello"
    out = []
    acc = 0
    for i in range(n):
        acc += items[i % 4] + pair[i % 2] + table["a"]
        items[0] = i
        table["b"] = i
        a, b = pair
        c, d, e = [1, 2, 3]
        f, g, h = (1, 2, 3)
        if i in seen or "a" in table:
            acc += 1
        seen.add(i)
        out.append(text[i % 5])
        if text == "hello" and out:
            acc += len(out) - len(seen)
    for x in items:
        acc += x
    for y in pair:
        acc += y
    for z in gen(3):
        acc += z
    return acc, isinstance(acc, tuple), type(acc), str(acc), tuple("ab")


def gen(k):
    for j in range(k):
        yield j


run(30)
