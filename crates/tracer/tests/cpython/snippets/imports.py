# `import` and `from ... import` (a listing accepts any module; the VM has `math` built in).
import math
import os.path
import math as m
from os.path import join, sep as separator
from math import sqrt


def local_imports():
    from math import floor, ceil as c
    import math
    return floor(1.5) + c(0.5) + math.pi


print(math.pi, m.e, sqrt(4.0), local_imports())
