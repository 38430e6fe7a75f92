def f(x):
    try:
        y = 1 / x
    except ZeroDivisionError as e:
        print("zero", e)
        y = 0
    except (TypeError, ValueError):
        y = -1
    else:
        y += 1
    finally:
        print("done")
    return y

def g():
    try:
        raise ValueError("bad")
    except ValueError:
        pass

def h(x):
    assert x > 0, "positive"
    assert x
    try:
        return x
    finally:
        print("cleanup")

import math
print(f(0), f(2), g(), h(1), math.sqrt(4.0))
