# dataclasses: @dataclass with and without options (frozen, order, eq=False), field() defaults and factories, __post_init__, inheritance, fields/asdict/astuple/replace/is_dataclass, the generated methods' errors, a hot constructor (CALL_ALLOC_AND_ENTER_INIT).
from dataclasses import dataclass, field, fields, asdict, astuple, replace, is_dataclass, FrozenInstanceError, MISSING
@dataclass
class A:
    string: str
    lst: list
    boolean: bool
a = A("s", [1, 2], True)
print(a, a == A("s", [1, 2], True), a != A("t", [], False), A.__doc__)
print(A.__init__.__qualname__, A.__match_args__, A.__hash__)
@dataclass(frozen=True, order=True)
class P:
    x: int
    y: int = 2
p = P(1)
print(p, P.__dataclass_params__, hash(p) == hash((1, 2)), P(1) < P(2), P(3, 1) >= P(3, 0))
try:
    p.x = 3
except FrozenInstanceError as e:
    print(type(e).__name__, e, isinstance(e, AttributeError))
@dataclass
class Inv:
    name: str
    qty: int = 0
    tags: list = field(default_factory=list)
    secret: str = field(default="s", repr=False, compare=False)
    def total(self):
        return self.qty * 2
i = Inv("w", 3)
i.tags.append("x")
print(i, Inv("z").tags, i.total(), [f.name for f in fields(i)], fields(Inv)[1].default, fields(Inv)[2].default_factory)
print(asdict(i), astuple(i), replace(i, qty=9), is_dataclass(i), is_dataclass(Inv), is_dataclass(3))
@dataclass
class D(Inv):
    extra: int = 5
print(D("d"), [f.name for f in fields(D)])
@dataclass(eq=False, repr=False)
class N:
    v: int
    def __post_init__(self):
        self.w = self.v * 10
n = N(4)
print(n.w, n == N(4), "__repr__" in N.__dict__, "__eq__" in N.__dict__)
@dataclass
class Nested:
    a: A
    ps: list
print(asdict(Nested(a, [P(1), P(2, 3)])))
for bad in ["""
@dataclass
class B:
    x: int = 0
    y: int
""", """
@dataclass
class B:
    x: list = []
""", "replace(p, z=1)", "fields(1)", "P()", "asdict(3)", "field(default=1, default_factory=list)", "Inv(1, 2, 3, 4, 5)", """
@dataclass(order=True, eq=False)
class B:
    x: int
"""]:
    try:
        exec(bad)
    except Exception as e:
        print(type(e).__name__, e)
def hot():
    t = 0
    for k in range(100):
        o = A("s", [], k % 2 == 0)
        t += len(o.string) + o.boolean
    return t
print(hot())
