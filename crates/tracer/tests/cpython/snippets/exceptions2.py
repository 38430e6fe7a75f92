def nested(x):
    try:
        try:
            return 1 / x
        except ZeroDivisionError:
            raise ValueError("zero") from None
    except ValueError as e:
        return str(e)

def loop_finally(xs):
    total = 0
    for x in xs:
        try:
            if x < 0:
                break
            if x == 0:
                continue
            total += x
        finally:
            total += 100
    return total

def reraise():
    try:
        pass
    except:
        raise

def return_in_finally(x):
    try:
        return x
    finally:
        x = 0

def handler_loop(xs):
    out = []
    for x in xs:
        try:
            out.append(10 // x)
        except ZeroDivisionError:
            out.append(None)
            continue
    return out

print(nested(0), loop_finally([1, 0, -1]), reraise(), return_in_finally(3), handler_loop([1, 0]))
