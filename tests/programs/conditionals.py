# Conditional expressions, and/or/not short-circuiting, chained comparisons, is / is not.
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif 0 < n < 10:
        return "small"
    else:
        return "large"


print([classify(n) for n in [-5, 0, 3, 10, 99]])
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or "default", "" or [] or 0)
print(not 0, not 1, not "", not [1])
x = 5
print(1 < x < 10, 1 < x > 10, x == 5 != 6, 1 <= 1 < 2 <= 2)
print("even" if x % 2 == 0 else "odd", "big" if x > 100 else "small" if x > 1 else "tiny")
a = None
print(a is None, a is not None, x is not None, [] is not [])
calls = []


def side(v):
    calls.append(v)
    return v


r = side(0) and side(1)
r2 = side(2) or side(3)
print(r, r2, calls)
score = 0
for i in range(300):
    if i % 15 == 0:
        score += 15
    elif i % 5 == 0 or i % 3 == 0:
        score += 1
    elif not i % 7:
        score -= 1
print(score)
print(True + True, True * 3, False == 0, True is True, 3 in (1, 2, 3) and "a" not in "bcd")
