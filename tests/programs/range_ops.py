# range as a sequence: indexing, slicing (a range again), index, count and `in`, with ints, bools and floats.
r = range(0, 10, 3)
print(range(5)[2], range(10)[-1], r[1:3], r[::-1], range(5)[-10:100])
print(r.index(6), r.count(6), r.count(7), 6 in r, 7 in r)
try:
    range(3)[5]
except IndexError as e:
    print("IndexError", e)
try:
    r.index(7)
except ValueError as e:
    print("ValueError", e)
print(range(10)[True])
print(6.0 in r, 6.5 in r, r.index(3.0), r.count(True), range(3).count(1.0), True in range(2))
print(range(5)[1:100:2], range(10)[::-2], range(-5, 5)[:-1], len(range(0,10,3)[1:3]))
for x in range(20)[3:9:2]:
    print(x, end=" ")
print()
