# A generator suspended inside its `except` block keeps that exception to itself: the error
# raised later at module level has no __context__ (gi_exc_state).
def g():
    try:
        raise KeyError("inside")
    except KeyError:
        yield 1


it = g()
next(it)
raise ValueError("outside")
