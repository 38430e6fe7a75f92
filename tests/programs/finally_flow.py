# finally with break/continue/return, nested try blocks, else clauses on loops.
def f(n):
    log = []
    for i in range(n):
        try:
            if i == 2:
                continue
            if i == 4:
                break
            log.append(i)
        finally:
            log.append(-i)
    else:
        log.append("no break")
    return log


print(f(3))
print(f(10))


def g():
    try:
        return "from try"
    finally:
        print("cleanup in g")


print(g())


def nested(x):
    out = []
    try:
        try:
            out.append("start")
            if x:
                raise KeyError(x)
            out.append("no error")
        except KeyError:
            out.append("inner handler")
            raise ValueError("converted")
        finally:
            out.append("inner finally")
    except ValueError as e:
        out.append(str(e))
    return out


print(nested(0))
print(nested(1))
n = 0
while n < 5:
    n += 1
else:
    print("while else", n)
for k in range(3):
    if k == 1:
        break
else:
    print("not printed")
print("done", k)
