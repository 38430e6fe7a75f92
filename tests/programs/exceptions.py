# try/except/else/finally, `except E as e`, raise, re-raise, exception messages.
def divide(a, b):
    try:
        result = a / b
    except ZeroDivisionError as e:
        print("caught:", e)
        return None
    else:
        print("ok")
        return result
    finally:
        print("finally for", a, b)


print(divide(10, 4))
print(divide(1, 0))


def lookup(d, key):
    try:
        return d[key]
    except KeyError as e:
        return f"missing {e}"


print(lookup({"a": 1}, "a"), lookup({"a": 1}, "b"))
for bad in ["12", "x", "3.5"]:
    try:
        print(int(bad))
    except ValueError as e:
        print("ValueError:", e)
try:
    [1, 2, 3][10]
except IndexError as e:
    print(type(e).__name__, e)
try:
    undefined_name
except NameError as e:
    print(e)
try:
    None.foo
except AttributeError as e:
    print(e)
try:
    1 + "a"
except TypeError as e:
    print(e)
try:
    try:
        raise ValueError("inner")
    except ValueError:
        print("handling inner, re-raising")
        raise
except ValueError as e:
    print("outer got", repr(e), e.args)
try:
    raise RuntimeError
except (TypeError, RuntimeError) as e:
    print("tuple handler", type(e).__name__, repr(e))
errors = 0
for i in range(300):
    try:
        x = 10 // (i % 5)
    except ZeroDivisionError:
        errors += 1
print(errors)
