# try/except* (PEP 654; listing only: the VM has no exception groups yet): CHECK_EG_MATCH per clause,
# the raised list, CALL_INTRINSIC_2 INTRINSIC_PREP_RERAISE_STAR, with else, finally, names and nesting.

def f(g):
    try:
        g()
    except* ValueError as e:
        print("v", e)
    except* (TypeError, KeyError):
        print("t")
    else:
        print("else")

def h(g):
    try:
        g()
    except* OSError:
        pass
    finally:
        print("fin")
    for i in range(3):
        try:
            g()
        except* E:
            for j in i:
                break
            continue_ = 1


try:
    x = 1
except* ValueError as e:
    y = e
    del e
except* TypeError:
    raise
except* Exception as q:
    raise RuntimeError from q

class C:
    try:
        pass
    except* (A, B) as c:
        pass
    else:
        pass
    finally:
        pass

async def g():
    try:
        await x
    except* E as e:
        await y
    while True:
        try:
            pass
        except* E:
            def inner():
                return 1
            lambda: 2


def with_inside():
    try:
        with a:
            pass
    except* E:
        pass
    g()
