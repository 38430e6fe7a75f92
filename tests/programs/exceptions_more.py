# More exception behaviour: raising classes, args, str/repr of exceptions, nested handlers.
class Fail(Exception):
    def __init__(self, code):
        super().__init__("failed with", code)
        self.code = code


def risky(n):
    if n == 0:
        raise ValueError
    if n == 1:
        raise KeyError("k", 1)
    if n == 2:
        raise Fail(42)
    if n == 3:
        return [][0]
    return n


for n in range(5):
    try:
        print("ok", risky(n))
    except (ValueError, KeyError) as e:
        print(type(e).__name__, repr(e), str(e), e.args)
    except Fail as e:
        print("Fail", e.code, e.args, str(e))
    except Exception as e:
        print("generic", type(e).__name__, e)
print(str(KeyError("x")), str(KeyError()), repr(ValueError("a", 2)), str(ValueError("a", 2)))
print(isinstance(ZeroDivisionError(), ArithmeticError), issubclass(KeyError, LookupError))
print(issubclass(IndexError, LookupError), issubclass(RecursionError, RuntimeError))


def cleanup_order():
    order = []
    try:
        try:
            order.append("body")
            raise IndexError("deep")
        finally:
            order.append("inner finally")
    except IndexError as e:
        order.append("handler " + str(e))
    finally:
        order.append("outer finally")
    return order


print(cleanup_order())
count = 0
for i in range(300):
    try:
        if i % 3 == 0:
            raise Fail(i)
        count += 1
    except Fail as e:
        count += e.code % 2
print(count)
