# Tricky control flow: break/continue inside try/except/finally, return from nested loops,
# while True loops, the except-variable being unbound after its handler.
def first_pair(target):
    for i in range(10):
        for j in range(10):
            try:
                if i * j == target:
                    return (i, j)
            finally:
                if i * j == target:
                    print("found in finally", i, j)
    return None


def loop_with_handlers(items):
    out = []
    while True:
        if not items:
            break
        item = items.pop(0)
        try:
            if item == "skip":
                continue
            if item == "stop":
                break
            out.append(10 // int(item))
        except ZeroDivisionError:
            out.append("div0")
            continue
        except ValueError as err:
            out.append(f"bad:{err}")
        finally:
            out.append("|")
    return out


print(first_pair(12), first_pair(100))
print(loop_with_handlers(["5", "skip", "0", "x", "2", "stop", "1"]))
try:
    raise KeyError("gone")
except KeyError as e:
    caught = repr(e)
try:
    print(e)
except NameError as err:
    print("after handler:", err, caught)
count = 0
n = 0
while n < 1000:
    n += 1
    if n % 2:
        continue
    if n > 600:
        break
    count += 1
else:
    count = -1
print(count, n)
for attempt in range(3):
    try:
        if attempt < 2:
            raise RuntimeError(f"attempt {attempt}")
        print("succeeded on", attempt)
        break
    except RuntimeError as e:
        print("retry after", e)
