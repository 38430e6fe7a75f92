# heapq and bisect: heap operations in CPython's comparison order (counted __lt__ calls, ties), nsmallest/nlargest with keys, merge, bisect/insort with lo/hi/key.
import heapq
import bisect
from heapq import heappush, heappop


class Counted:
    calls = 0

    def __init__(self, v, tag):
        self.v = v
        self.tag = tag

    def __lt__(self, other):
        Counted.calls += 1
        return self.v < other.v

    def __repr__(self):
        return f"{self.v}{self.tag}"


h = []
for i, v in enumerate([5, 3, 8, 1, 9, 2, 7, 3, 5, 1]):
    heappush(h, Counted(v, "abcdefghij"[i]))
print(h, Counted.calls)
out = []
while h:
    out.append(heappop(h))
print(out, Counted.calls)

data = [(7, "g"), (3, "c"), (9, "i"), (1, "a"), (4, "d"), (1, "b"), (8, "h")]
heapq.heapify(data)
print(data)
print(heapq.heapreplace(data, (5, "e")), data)
print(heapq.heappushpop(data, (0, "z")), heapq.heappushpop(data, (6, "f")), data)
print([heapq.heappop(data) for _ in range(len(data))])

big = [(i * 7919) % 5003 for i in range(6000)]
heapq.heapify(big)
print(big[:12], all(big[(i - 1) // 2] <= big[i] for i in range(1, len(big))))
print([heapq.heappop(big) for _ in range(8)])

words = ["pear", "fig", "apple", "kiwi", "banana", "plum", "date", "lime", "grape"]
print(heapq.nsmallest(3, words), heapq.nlargest(3, words))
print(heapq.nsmallest(4, words, key=len), heapq.nlargest(4, words, key=len))
print(heapq.nsmallest(1, words, key=len), heapq.nlargest(1, words, key=len))
print(heapq.nsmallest(20, words), heapq.nlargest(0, words), heapq.nsmallest(2, iter(words)))
# (Only the results: the final sort's comparison count is list.sort's business.)
cs = [Counted(v, "abcdefghijkl"[i]) for i, v in enumerate([4, 1, 4, 2, 9, 1, 7, 2, 4, 8, 0, 3])]
print(heapq.nsmallest(3, cs), heapq.nlargest(3, cs), heapq.nsmallest(5, cs, key=lambda c: -c.v))

for bad in [lambda: heapq.heappop([]), lambda: heapq.heappush((), 1), lambda: heapq.heapreplace([], 1),
            lambda: heapq.heapify(5), lambda: heapq.heappush([])]:
    try:
        bad()
    except (IndexError, TypeError) as e:
        print(type(e).__name__, e)
print(heapq.heappushpop([], 3))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [3, 6, 9])), list(heapq.merge()), list(heapq.merge([], [1])))
print(list(heapq.merge(["b", "dd"], ["a", "ccc"], key=len)), list(heapq.merge([9, 5, 1], [8, 2], reverse=True)),
      list(heapq.merge([(1, "a")], [(1, "b")])), type(heapq.merge([1])).__name__)

a = [1, 2, 2, 2, 3, 5, 8]
for x in [0, 2, 4, 8, 9]:
    print(x, bisect.bisect_left(a, x), bisect.bisect_right(a, x), bisect.bisect(a, x))
print(bisect.bisect_left(a, 2, 2), bisect.bisect_right(a, 2, 0, 3), bisect.bisect_left(a, 2, hi=2))
recs = [("a", 1), ("b", 3), ("c", 3), ("d", 7)]
print(bisect.bisect_left(recs, 3, key=lambda r: r[1]), bisect.bisect_right(recs, 3, key=lambda r: r[1]))
bisect.insort(recs, ("e", 3), key=lambda r: r[1])
bisect.insort_left(recs, ("f", 3), key=lambda r: r[1])
print(recs)
s = []
for v in [5, 1, 4, 1, 5, 9, 2, 6, 5, 3]:
    bisect.insort_left(s, v)
    bisect.insort_right(s, -v)
print(s)
print(bisect.bisect("abcdef", "c"), bisect.bisect_left(range(0, 100, 5), 42))
try:
    bisect.bisect_left(a, 1, -1)
except ValueError as e:
    print("ValueError", e)
try:
    bisect.bisect_left(a)
except TypeError as e:
    print("TypeError", e)

grades = "FDCBA"
breakpoints = [60, 70, 80, 90]
print([grades[bisect.bisect(breakpoints, score)] for score in [33, 99, 77, 70, 89, 90, 100]])
total = 0
sl = []
for i in range(300):
    v = (i * 37) % 101
    pos = bisect.bisect_left(sl, v)
    sl.insert(pos, v)
    total += pos
print(total, sl[:10], sl[-5:])
