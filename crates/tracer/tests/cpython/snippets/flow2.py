def finally_return_loop(xs):
    for x in xs:
        try:
            if x:
                return x
        finally:
            print("f")
    return None

def nested_finally():
    try:
        try:
            return 1
        finally:
            print("inner")
    finally:
        print("outer")

def except_in_loop(xs):
    n = 0
    while n < len(xs):
        try:
            v = xs[n]
        except IndexError:
            break
        except Exception as e:
            print(e)
            continue
        else:
            n += v
        finally:
            n += 1
    return n

def gen_try(xs):
    for x in xs:
        try:
            yield 10 // x
        except ZeroDivisionError:
            yield None

def raise_forms(x):
    if x == 1:
        raise ValueError
    if x == 2:
        raise ValueError("two") from KeyError("k")
    raise

print(finally_return_loop([0, 2]), nested_finally(), except_in_loop([1, 2]), list(gen_try([1, 0])))
