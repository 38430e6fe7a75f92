# The other half: sees cycle_a's names bound before its import, not those after.
from . import cycle_a

seen = (cycle_a.FIRST, hasattr(cycle_a, "LAST"))
try:
    from .cycle_a import LAST
except ImportError as e:
    print("ImportError:", str(e).split(" (")[0])
