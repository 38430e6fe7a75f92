def s(name, n):
    a = f"{name!r:>10}"
    b = f"{n:,} {n:_} {n:#x} {n:08.2f}"
    c = f"{'{'}{name}{'}'}"
    d = f"{name + '!'} {n * 2} {[1, 2][0]}"
    e = f'{name}' f"{n}" "tail"
    g = f"{n=:>5}"
    h = f"{n=!s}"
    return a, b, c, d, e, g, h

print(s("x", 1234))
