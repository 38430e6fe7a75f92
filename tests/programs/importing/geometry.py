# A submodule: relative imports of a sibling and of the parent package's names.
from . import LEVEL
from .shapes.circle import Circle

print("geometry", __name__, LEVEL)


def unit_circle():
    return Circle(1)
