# enum: Enum, IntEnum, StrEnum, auto, unique; members by value and by name, iteration, len, in, aliases, reprs and strs as 3.13 prints them, members with __init__, the extension error, members as dict keys in a hot loop.
from enum import Enum, IntEnum, StrEnum, auto, unique
class C(Enum):
    RED = 1
    GREEN = 2
    ALIAS = 1
    def m(self):
        return self.value * 10
print(repr(C), str(C), repr(C.RED), str(C.RED), format(C.RED), f"{C.RED}", C.RED.name, C.RED.value, C(1), C["GREEN"], list(C), len(C), C.ALIAS is C.RED, C.__members__)
print(C.GREEN.m(), C.RED == C.RED, C.RED == C.GREEN, C.RED == 1, C.RED in C, 1 in C, type(C.RED), type(C).__name__, isinstance(C.GREEN, C))
try:
    C(5)
except ValueError as e:
    print(e)
try:
    C["X"]
except KeyError as e:
    print(repr(e))
class N(IntEnum):
    A = auto()
    B = auto()
print(repr(N.A), str(N.A), format(N.A), N.A + 1, N.B == 2, isinstance(N.A, int), hash(C.RED) == hash("RED"), N(2), sorted([N.B, N.A]))
class A(Enum):
    X = auto()
    Y = auto()
print(list(A), [m.value for m in A], list(reversed(A)))
class S(StrEnum):
    ONE = auto()
    TWO = "zwei"
print(list(S), str(S.ONE), S.TWO == "zwei", f"{S.TWO:>6}")
try:
    class D(C):
        pass
except TypeError as e:
    print(e)
class Planet(Enum):
    EARTH = (5.97, 6.37)
    MARS = (0.642, 3.39)
    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius
print(Planet.MARS.mass, Planet.EARTH.value, Planet((0.642, 3.39)))
try:
    @unique
    class Dup(Enum):
        A = 1
        B = 1
except ValueError as e:
    print(e)
import copy
print(copy.deepcopy(C.RED) is C.RED, {C.RED: "r"}[C.RED])
counts = {}
for i in range(100):
    k = C(1 + i % 2)
    counts[k] = counts.get(k, 0) + 1
print(counts)
