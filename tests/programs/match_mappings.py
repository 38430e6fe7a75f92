# Mapping patterns: literal and attribute keys, **rest, dict subclasses (defaultdict keeps no new keys, a Python get() is called), non-mappings, ValueError for duplicate keys found at run time; a hot loop.
from collections import Counter, OrderedDict, defaultdict


class Keys:
    NAME = "name"
    AGE = "age"
    ALSO_NAME = "name"


def person(d):
    match d:
        case {"kind": "person", "name": str(name), "age": int(age)}:
            return f"{name} is {age}"
        case {Keys.NAME: name, **rest} if rest:
            return f"{name} and {sorted(rest)}"
        case {Keys.NAME: name}:
            return f"just {name}"
        case {1: one, 2.0: two}:
            return ("numbers", one, two)
        case {None: x, True: y}:
            return ("singletons", x, y)
        case {}:
            return "some other mapping"
        case _:
            return "not a mapping"


for d in [{"kind": "person", "name": "Ada", "age": 36}, {"name": "Bob", "x": 1, "y": 2},
          {"name": "Cy"}, {1: "a", 2: "b", 3: "c"}, {None: 0, 1: 5}, {}, [], "name", 5]:
    print(person(d))


def rest_of(d):
    match d:
        case {"a": _, **others}:
            return others
        case {**everything}:
            return ("all", everything)


print(rest_of({"a": 1, "b": 2, "c": 3}), rest_of({"b": 2}), rest_of(OrderedDict(a=0, z=9)))

dd = defaultdict(list)
dd["present"].append(1)
match dd:
    case {"missing": _}:
        print("wrong")
    case {"present": [v]}:
        print("defaultdict value", v)
print("keys after", sorted(dd))

match Counter("hello"):
    case {"l": 2, "h": h}:
        print("counter", h)


class Tracing(dict):
    def get(self, key, default=None):
        print("get", key)
        return dict.get(self, key, default)


match Tracing(a=1, b=2):
    case {"b": b, "a": a}:
        print("tracing", a, b)

try:
    match {"name": 1}:
        case {Keys.NAME: _, Keys.ALSO_NAME: _}:
            print("wrong")
except ValueError as e:
    print("ValueError:", e)

# Hot: the mapping checks and the keys lookup run in a loop long enough to trace.
def hot(records):
    value = 0
    for _ in range(40):
        for r in records:
            match r:
                case {"op": "add", "n": n}:
                    value += n
                case {"op": "mul", "n": n}:
                    value *= n
                case {"op": "neg", **extra}:
                    value = -value + len(extra)
    return value


print(hot([{"op": "add", "n": i} for i in range(40)] + [{"op": "mul", "n": 2}, {"op": "neg"}]))
