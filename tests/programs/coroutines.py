# Coroutines (`async def` and `await`) driven by hand with send/throw/close, as an event loop
# would drive them: awaiting another coroutine, an object with __await__, and the errors
# CPython raises for misuse.


async def fib(n):
    if n < 2:
        return n
    return await fib(n - 1) + await fib(n - 2)


c = fib(10)
print(type(c).__name__, c.__name__, c.__qualname__, c.cr_running)
try:
    c.send(None)
except StopIteration as e:
    print("result", e.value)
for make in (next, list, iter):
    c2 = fib(1)
    try:
        make(c2)
    except TypeError as e:
        print(e)
    c2.close()


async def bad_await():
    return await 5


try:
    bad_await().send(None)
except TypeError as e:
    print(e)


class Later:
    def __await__(self):
        got = yield "paused"
        return f"done with {got}"


async def use():
    x = await Later()
    return x + "!"


c = use()
print(c.send(None))
try:
    c.send("a value")
except StopIteration as e:
    print(e.value)
try:
    c.send(None)
except RuntimeError as e:
    print(e)
c = use()
c.send(None)
try:
    c.throw(ValueError("boom"))
except ValueError as e:
    print("thrown", e)
c = use()
c.close()
print("closed")
try:
    c.send(None)
except RuntimeError as e:
    print(e)


async def noop():
    pass


co = noop()
try:
    co.send(1)
except TypeError as e:
    print(e)
co.close()
print(repr(co)[:27])


class BadAwait:
    def __await__(self):
        return 42


async def use_bad():
    await BadAwait()


co = use_bad()
try:
    co.send(None)
except TypeError as e:
    print(e)


async def total(n):
    s = 0
    for i in range(n):
        s += await fib(i % 8)
    return s


co = total(300)
try:
    co.send(None)
except StopIteration as e:
    print("total", e.value)
