# Comprehension scoping after PEP 709 inlining: loop variables stay private, class bodies only
# lend their names to the first iterable, closures over comprehension variables.
x = "module x"
values = [x for x in range(3)]
print(values, x)


class Table:
    size = 3
    rows = [i * 2 for i in range(size)]
    try:
        cols = [size for _ in range(2)]
    except NameError as e:
        cols = str(e)


print(Table.rows, Table.cols)


def outer():
    n = 10
    funcs = [lambda: n + k for k in range(3)]
    total = sum(f() for f in funcs)
    k = "after"
    return total, k, [g() for g in [lambda: n]]


print(outer())


def shadowing(items):
    item = "kept"
    doubled = {item: item * 2 for item in items}
    return item, doubled


print(shadowing(["a", "b"]))
nested = [[(r, c) for c in range(r)] for r in range(4)]
print(nested)
acc = 0
for i in range(200):
    acc += sum([j for j in range(i % 7)])
print(acc)


# A closure inside an inlined comprehension that captures a local of the enclosing function
# (fuzz seed 25 case 11759): the local becomes a cell of the function, and a later local of
# the comprehension variable's name stays separate.
def captured_local():
    n = 10
    funcs = [lambda: n + k for k in range(3)]
    total = sum(f() for f in funcs)
    k = "after"
    return total, k


print(captured_local())


# Nested inlined comprehensions: a closure two levels down captures the function's local, a
# plain nested comprehension only reads it (no cell for that).
def nested_capture():
    n = 100
    rows = [[lambda: n + i * 10 + j for j in range(2)] for i in range(2)]
    table = {i: [n + v for v in range(i)] for i in range(3)}
    return [f() for row in rows for f in row], table
print(nested_capture())
