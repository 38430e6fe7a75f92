# `from math import ...` binds the module's attributes, with and without `as`; importing a name
# the module lacks raises ImportError.
from math import sqrt, floor as fl, pi
import math as m


def inner():
    from math import ceil
    return ceil(2.1)


print(sqrt(16.0), fl(2.7), pi == m.pi, inner())
try:
    from math import no_such_name
except ImportError:
    print("ImportError")
