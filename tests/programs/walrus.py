# Assignment expressions (:=): in a condition, a while loop and a comprehension.
data = [1, 2, 3]
if (n := len(data)) > 2:
    print(n)
items = iter([4, 5, 0, 6])
while (x := next(items)):
    print(x)
squares = [y for v in data if (y := v * v) > 1]
print(squares, y)
