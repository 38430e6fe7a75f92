# match statements: literal, singleton, capture, wildcard and value patterns, guards, or-patterns binding names, as-patterns, the default case, a hot matching loop.


class Color:
    RED = 1
    GREEN = 2
    BLUE = 3


def describe(x):
    match x:
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case -1:
            return "minus one"
        case 1.5:
            return "one and a half"
        case "hello" | "hi":
            return "greeting"
        case b"raw":
            return "bytes"
        case True:
            return "true"
        case None:
            return "none"
        case _:
            return "other"


def color_name(c):
    match c:
        case Color.RED:
            return "red"
        case Color.GREEN:
            return "green"
        case Color.BLUE:
            return "blue"
    return "unknown"


def classify(n):
    match n:
        case int() if n < 0:
            return "negative"
        case int() if n % 2 == 0:
            return "even"
        case int():
            return "odd"
        case other:
            return f"not an int: {other!r}"


def pair(p):
    match p:
        case (0, y) | (y, 0):
            return f"on an axis at {y}"
        case (x, y) as whole if x == y:
            return f"diagonal {whole}"
        case (x, y):
            return f"point {x},{y}"
        case _:
            return "not a pair"


def swapped(p):
    # The alternatives capture a and b in different orders: CPython rotates them.
    match p:
        case ("ab", a, b) | ("ba", b, a):
            return a, b
        case [("k", k) | ("v", k)]:
            return ("one", k)
    return None


for v in [0, 1, 2, 3, -1, 1.5, "hello", "hi", b"raw", True, False, None, 1.0, 0.0, "x", [0]]:
    print(repr(v), "->", describe(v))

for c in [1, 2, 3, 4, Color.RED]:
    print(c, color_name(c))

for n in [-3, 0, 7, 10, "s", 2.0, True]:
    print(n, classify(n))

for p in [(0, 5), (5, 0), (2, 2), (1, 2), [3, 3], "ab", (1, 2, 3)]:
    print(p, pair(p))

for p in [("ab", 1, 2), ("ba", 1, 2), [("k", 9)], [("v", 8)], [("z", 7)], ("ab", 1)]:
    print(p, swapped(p))

# A guard that fails leaves the captures bound (as in CPython).
match [1, 2]:
    case [a, b] if a > b:
        print("no")
    case _:
        print("fell through with", a, b)

# Only a wildcard: the subject is evaluated and dropped.
match print("evaluated once"):
    case _:
        print("default only")

# A single irrefutable case binds.
match 42:
    case answer:
        print("answer", answer)

# No case matches: nothing happens.
match 5:
    case 1:
        print("unreachable")
print("after")

# Hot: enough iterations for the specializing interpreter and tier 2.
def hot():
    counts = {"small": 0, "zero": 0, "other": 0, "greeting": 0}
    total = 0
    for i in range(3000):
        kind = describe(i % 5)
        counts[kind] = counts.get(kind, 0) + 1
        match i % 4:
            case 0 | 1:
                total += 1
            case 2:
                total += 2
            case k:
                total += k * 10
    return counts, total


print(hot())
