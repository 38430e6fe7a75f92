# generator.send / throw / close, including a throw into a generator suspended in `yield from`.


def echo():
    total = 0
    while True:
        x = yield total
        if x is None:
            break
        total += x
    return total


def catcher():
    while True:
        try:
            yield "ready"
        except ValueError as e:
            print("caught", e)
        except GeneratorExit:
            print("closing")
            raise


def inner():
    try:
        x = yield 1
        print("inner got", x)
        yield 2
    except KeyError as e:
        print("inner caught", repr(e))
        return "inner-done"
    finally:
        print("inner finally")


def outer():
    r = yield from inner()
    print("outer got", r)
    yield 3


def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2


def returns_on_close():
    try:
        yield 1
    except GeneratorExit:
        return 42


def main():
    g = echo()
    print(next(g))
    for v in [1, 2, 3]:
        print(g.send(v))
    try:
        g.send(None)
    except StopIteration as e:
        print("stop", e.value)
    try:
        g.send(5)
    except StopIteration as e:
        print("stop again", e.value)

    c = catcher()
    try:
        c.send(1)
    except TypeError as e:
        print(e)
    print(c.send(None))
    print(c.throw(ValueError("boom")))
    print(c.throw(ValueError))
    print(c.close())
    print(c.close())
    try:
        c.throw(KeyError("after"))
    except KeyError as e:
        print("after close", repr(e))

    o = outer()
    print(next(o))
    print(o.send("hi"))
    print(o.throw(KeyError("k")))
    try:
        next(o)
    except StopIteration:
        print("outer finished")

    o2 = outer()
    next(o2)
    o2.close()
    print("o2 closed")

    s = stubborn()
    next(s)
    try:
        s.close()
    except RuntimeError as e:
        print("RuntimeError:", e)

    r = returns_on_close()
    next(r)
    print("close returned", r.close())

    fresh = echo()
    print(fresh.close())
    try:
        next(fresh)
    except StopIteration:
        print("fresh closed")
    fresh2 = echo()
    try:
        fresh2.throw(IndexError("early"))
    except IndexError as e:
        print("early", e)
    try:
        echo().throw(3)
    except TypeError as e:
        print(e)
    print(echo().gi_running)
    h = echo()
    print(h.__next__(), iter(h) is h, h.send(4))


main()
