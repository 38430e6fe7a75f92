# Annotations under `from __future__ import annotations`: each is stored as the text of its
# expression, written back from the syntax tree (spacing and literals normalised), never
# evaluated, so names that do not exist yet are fine.
from __future__ import annotations

import __future__

limit: int = 10
table: dict[str,list[ Node|None ]]
scale: 2**-1 + (3 - (4 - 5))
print(__annotations__)


class Node:
    left: Node | None = None
    right: "Node" | None
    weights: tuple[float, ...] = (0.5, 1e400 and 1.0)

    def walk(self, depth: int = 0, *rest: str, key: lambda x, *, k=1: x = None, **kw: bool) -> Iterator[Node]:
        local: Undefined = depth
        return [self] * local

    def call(self, f: Callable[[int], str] = str) -> f(x for x in y if x) or g(*a, k=1, **d):
        return f(1)


print(Node.__annotations__)
print(Node.walk.__annotations__)
print(Node.call.__annotations__["return"], Node().call(), len(Node().walk(2)))
print(__future__.annotations, __future__.annotations.getMandatoryRelease())
print(__future__.all_feature_names[-2:], __future__.CO_FUTURE_ANNOTATIONS)
