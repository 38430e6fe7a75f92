# An exception raised inside a generator while a for loop consumes it.
def numbers(limit):
    for i in range(limit):
        if i == 3:
            raise ValueError(f"bad value {i}")
        yield i


for n in numbers(10):
    print(n)
