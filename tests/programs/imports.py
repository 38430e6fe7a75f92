# Imports of modules and packages next to the script: import a.b, import a.b as c, from m import x / *, relative imports, caching, circular imports, __name__, and CPython's ImportError / ModuleNotFoundError messages.
import import_target
import importing
import importing.shapes.circle
import importing.shapes.circle as circ
from importing import geometry, LEVEL
from importing.geometry import unit_circle
from import_target import *
from importing.shapes import *

print(import_target.__name__, importing.__name__, importing.__package__, geometry.__name__)
print(circ is importing.shapes.circle, circ.__package__, LEVEL, importing.circles)
print(unit_circle().area(), area(Square(4)), UNIT, import_target.counter, Square(2))
print(sorted(polygon.SIDES), circle.Circle(2).area(), circ.made)
try:
    print(_hidden)
except NameError as e:
    print("import * skipped:", e)
try:
    print(main)
except NameError as e:
    print("import * skipped:", e)

import import_target as again
import importing.geometry
print(again is import_target, importing.geometry is geometry, import_target.counter)

from importing import cycle_a
print(cycle_a.LAST, cycle_a.seen_by_b)

for attempt in range(2):
    try:
        import importing.raises
    except KeyError as e:
        print("attempt", attempt, "KeyError", e, hasattr(importing, "raises"))

try:
    import importing.nothing_here
except ModuleNotFoundError as e:
    print(type(e).__name__, e)
try:
    import nothing_at_all
except ModuleNotFoundError as e:
    print(type(e).__name__, e)
try:
    import import_target.sub
except ModuleNotFoundError as e:
    print(type(e).__name__, e)
try:
    from importing import nothing
except ImportError as e:
    print(type(e).__name__, str(e).split(" (")[0], e.__class__ is ImportError)
try:
    from import_target import nothing
except ImportError as e:
    print(type(e).__name__, str(e).split(" (")[0])
try:
    from . import import_target
except ImportError as e:
    print(type(e).__name__, e)


def late():
    from importing.shapes.circle import Circle as C
    import importing.shapes as s
    return C(5).area(), s.__name__


print(late(), __name__)
print(round(circ.Circle(1).exact_area(), 4))
