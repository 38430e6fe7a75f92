def fmt(name, value, width, items):
    a = f"{name:>{width}}|{value:08.3f}|{value!r:^10}"
    b = f"{len(items)} items: {', '.join(items)}"
    c = f"{{literal}} {name}"
    d = f"{value = }"
    e = f"{name!s:{width}.{width}}"
    g = f""
    h = f"{'nested'}"
    return a, b, c, d, e, g, h

print(fmt("x", 3.14159, 6, ["a", "b"]))
