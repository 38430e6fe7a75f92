# Sorting guarantees: stability with key, reverse keeping stability, sorting tuples and strings,
# min/max returning the first of equal elements, and sort vs sorted.
records = [("bob", 3), ("amy", 1), ("cat", 3), ("dan", 2), ("eve", 1), ("fay", 2)]
print(sorted(records, key=lambda r: r[1]))
print(sorted(records, key=lambda r: r[1], reverse=True))
print(sorted(records, reverse=True))
by_len = ["ccc", "a", "bb", "dd", "e", "fff"]
print(sorted(by_len, key=len), sorted(by_len, key=len, reverse=True))
print(min(records, key=lambda r: r[1]), max(records, key=lambda r: r[1]))
print(min(by_len, key=len), max(by_len, key=len))
data = [(i * 37) % 11 for i in range(30)]
copy = list(data)
copy.sort()
print(copy == sorted(data), data[:10], copy[:10])
mixed = [3, 1.5, -2, 2.25, 0, True, False]
print(sorted(mixed), sorted(mixed, key=abs), sorted(mixed, reverse=True))
words = "the Quick brown Fox jumps over The lazy Dog".split()
print(sorted(words), sorted(words, key=lambda w: w.lower()))
pairs = sorted([(b, a) for a, b in records])
print(pairs, pairs[0] < pairs[1])
total = 0
for i in range(150):
    chunk = sorted([(j * i) % 17 for j in range(12)], reverse=i % 2 == 0)
    total += chunk[0] - chunk[-1]
print(total)
