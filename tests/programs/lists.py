# list methods: append pop insert extend sort index count reverse, plus operators.
xs = [5, 3, 8, 1]
xs.append(9)
xs.insert(0, 7)
xs.insert(100, 2)
xs.extend([4, 4])
print(xs, len(xs))
print(xs.pop(), xs.pop(0), xs)
print(xs.index(8), xs.count(4), xs.count(42))
xs.sort()
print(xs)
xs.sort(reverse=True)
print(xs)
xs.reverse()
print(xs)
words = ["pear", "fig", "banana", "kiwi", "apple"]
words.sort(key=len)
print(words)
words.sort(key=len, reverse=True)
print(words)
print([1, 2] + [3], [0] * 3, [1, 2] == [1, 2], [1, 2] < [1, 3], 3 in [1, 2, 3])
print(sorted([3, 1, 2]), list(reversed([1, 2, 3])), sum([1, 2, 3]))
grid = [[0] * 3 for _ in range(3)]
grid[1][2] = 5
print(grid)
stack = []
for i in range(300):
    stack.append(i)
    if i % 3 == 0:
        stack.pop()
print(len(stack), stack[-1], stack[:5])
ys = [1, 2, 3]
ys[1] = 20
ys[-1] += 5
del ys[0]
print(ys, list(range(5)), list("abc"))
print(min([4, 2, 9]), max([4, 2, 9]), [] == [], bool([]), bool([0]))
