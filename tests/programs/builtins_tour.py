# Builtins: len range abs min max sum int float str bool repr list dict tuple set isinstance
# type enumerate zip sorted reversed round chr ord iter next any all divmod pow hash.
print(len([1, 2]), len("abc"), len({1: 2}), len(range(10)), len((1,)))
print(list(range(3)), list(range(2, 8, 2)), list(range(10, 0, -3)), range(5))
print(abs(-3), abs(4.5), min(3, 1, 2), max([5, 9, 2]), sum(range(101)), sum([1, 2], 10))
print(int("42"), int(3.9), int(True), int("-7"), int("ff", 16), float("2.5"), str(12), str(1.5))
print(bool(0), bool(""), bool("x"), bool(None), bool([]), bool(3))
print(repr("a'b"), repr('a"b'), repr("line\nnext"), repr(None), repr([1, "x"]))
print(list((1, 2)), dict(a=1, b=2), tuple([1]), set([2, 2]), list(), dict(), tuple())
print(isinstance(1, int), isinstance(True, int), isinstance(1.0, int), isinstance("s", str))
print(isinstance(3, (str, float)), type(1), type("s"), type([]).__name__, type(None).__name__)
print(list(enumerate("abc")), list(enumerate("xy", 1)))
print(list(zip([1, 2, 3], "ab")), list(zip("abc", range(3), [True] * 3)))
print(sorted([3, 1, 2], reverse=True), sorted("hello"), list(reversed("abc")))
print(round(3.14159, 2), round(2.5), chr(65), chr(955), ord("a"), ord("λ"))
it = iter([10, 20])
print(next(it), next(it), next(it, "end"))
print(any([0, 0, 1]), any([]), all([1, 2]), all([]), all([1, 0]))
print(divmod(17, 5), divmod(-17, 5), divmod(7.5, 2), pow(2, 10), pow(2, -1), pow(3, 4, 5))
print(hash(0), hash(1), hash(-1), hash(-2), hash(12345), hash(2 ** 61), hash(True))
print(max("apple", "pear", key=len), min([], default="empty"), max(1, 2, 3))
total = 0
for i, (a, b) in enumerate(zip(range(300), range(300, 0, -1))):
    total += a * b - i
print(total)
