# Exception attributes: args, __cause__ (raise from an instance, a class, None), __context__,
# __suppress_context__, and the __traceback__ chain (tb_lineno, tb_next).
class MyError(Exception):
    pass

def g():
    try:
        {}["k"]
    except KeyError as e:
        raise ValueError("bad", 3) from e

try:
    g()
except ValueError as e:
    print(e.args, type(e.__cause__).__name__, e.__cause__.args, type(e.__context__).__name__)
    print(e.__suppress_context__, e.__traceback__ is not None, e.__cause__.__cause__)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise MyError("x")
except MyError as e:
    print(e.args, e.__cause__, type(e.__context__).__name__, e.__context__.args)
    print(e.__suppress_context__, e.__traceback__ is not None)

try:
    raise TypeError("t") from None
except TypeError as e:
    print(e.__cause__, e.__suppress_context__, e.__context__)

e = ValueError()
print(e.args, e.__context__, e.__cause__, e.__traceback__)

def inner():
    raise KeyError("deep")

def outer():
    inner()

try:
    outer()
except KeyError as e:
    tb = e.__traceback__
    lines = []
    while tb is not None:
        lines.append(tb.tb_lineno)
        tb = tb.tb_next
    print(lines)
    print(type(e.__traceback__) is type(e.__traceback__.tb_next), type(e.__traceback__).__name__)

try:
    raise ValueError from KeyError
except ValueError as e:
    print(type(e.__cause__).__name__, e.__cause__.args)
try:
    raise ValueError from 5
except TypeError as e:
    print("TypeError", e)
