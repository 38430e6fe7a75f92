# One half of a circular import: cycle_b imports this module while it is half initialised.
FIRST = "a.first"
from . import cycle_b

LAST = "a.last"
seen_by_b = cycle_b.seen
