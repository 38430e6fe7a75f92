# __new__ and subclasses of immutable builtins (int, float, str, tuple): construction through __new__, inherited methods and operators, hashing, formatting, conversions.
class A:
    def __new__(cls, x):
        print("new", cls.__name__, x)
        return super().__new__(cls)

    def __init__(self, x):
        self.x = x


a = A(3)
print(a.x, type(a).__name__)


class Singleton:
    _inst = None

    def __new__(cls):
        if cls._inst is None:
            cls._inst = object.__new__(cls)
        return cls._inst


print(Singleton() is Singleton())


class NotMine:
    def __new__(cls):
        return 42

    def __init__(self):
        print("never")


print(NotMine())


class Meters(int):
    def __repr__(self):
        return f"Meters({int(self)})"

    def double(self):
        return Meters(self * 2)


m = Meters(5)
print(m, m + 1, m * 3, -m, m == 5, m < 10, hash(m) == hash(5), m.double(), str(m), f"{m:>4}")
print(isinstance(m, int), m.bit_length(), [10, 20, 30, 40, 50, 60][m], int(m), float(m), {m: "five"}[5])
print(type(m + 1).__name__, abs(-m), divmod(m, 2), m // 2, m % 3, m ** 2)


class Even(int):
    def __new__(cls, value):
        return super().__new__(cls, value - value % 2)


print(Even(7), Even(-3), type(Even(3)).__name__)


class Name(str):
    def shout(self):
        return self.upper() + "!"


n = Name("ada")
print(n, repr(n), n.shout(), len(n), n[0], n + "x", n * 2, n == "ada", "d" in n, n.split("d"))
print({n: 1}["ada"], f"[{n:>5}]", list(n), sorted(Name("cab")), n.startswith("a"), str(n))


class Point(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))

    @property
    def x(self):
        return self[0]

    def __repr__(self):
        return f"Point{tuple(self)}"


p = Point(1, 2)
px, py = p
print(p, p.x, len(p), px, py, p == (1, 2), p + (3,), hash(p) == hash((1, 2)), list(p))


class Celsius(float):
    def fahrenheit(self):
        return self * 9 / 5 + 32


c = Celsius(100)
print(c, c.fahrenheit(), c + 0.5, round(c), f"{c:.1f}", float(c) == 100.0, c.is_integer())

try:
    A()
except TypeError as e:
    print(e)
try:
    Meters("x")
except ValueError as e:
    print(e)


class Bad:
    def __new__(cls, x):
        return super().__new__(cls, x)


try:
    Bad(1)
except TypeError as e:
    print(e)


class NoArgs:
    pass


try:
    NoArgs(1)
except TypeError as e:
    print(e)


def hot(n):
    t = 0
    for i in range(n):
        t += Meters(i) + 1
    return t


print(hot(300))
