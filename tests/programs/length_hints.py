# Length hints and live reversed iterators: list()/tuple()/extend/sorted/*args ask __len__ or __length_hint__ (errors included); reversed(list) and reversed(dict) see changes.

class A:
    def __iter__(self): return iter([1, 2])
    def __len__(self): print("len"); return 2
class H:
    def __init__(self): self.i = 0
    def __iter__(self): return self
    def __next__(self):
        self.i += 1
        if self.i > 2: raise StopIteration
        return self.i
    def __length_hint__(self): print("hint"); return 5
print(list(A()))
print(list(H()))
print(tuple(A()), tuple(H()))
xs = [0]; xs.extend(A()); xs.extend(H()); print(xs)
print(sorted(A()), set(A()))
print(" ".join(map(str, A())))
print([*A()], (*A(),))
def f(*a): return a
print(f(*A()))
xs = [1, 2, 3]; xs[1:2] = A(); print(xs)
xs += A(); print(xs)
class Neg:
    def __iter__(self): return iter([])
    def __len__(self): return -1
try:
    list(Neg())
except ValueError as e:
    print("ValueError", e)
class BadHint:
    def __iter__(self): return iter([1])
    def __length_hint__(self): return "x"
try:
    list(BadHint())
except TypeError as e:
    print("TypeError", e)
class NIHint:
    def __iter__(self): return iter([1])
    def __length_hint__(self): return NotImplemented
print(list(NIHint()))
class TE:
    def __iter__(self): return iter([2])
    def __len__(self): raise TypeError("no")
print(list(TE()))
print(list(reversed({1: 2, 3: 4}.items())), list(reversed({1: 2}.values())), type(reversed({}.values())).__name__)
xs = [1, 2, 3]
r = reversed(xs)
xs[0] = 9
print(list(r))
xs = [1, 2, 3, 4]
out = []
for x in reversed(xs):
    out.append(x)
    if x == 3:
        xs.pop()
        xs[0] = 7
print(out)
d = {1: 1, 2: 2}
r = reversed(d)
d[3] = 3
for _ in range(2):
    try:
        print(list(r))
    except RuntimeError as e:
        print(e)
class S:
    def __len__(self):
        print("len"); return 2
    def __getitem__(self, i):
        return i
print(list(reversed(S())))
