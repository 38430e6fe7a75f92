# An async comprehension needs an async function around it.
def f(source):
    return [x async for x in source]
