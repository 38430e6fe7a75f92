# The package imports.py uses: its own code runs once, on first import.
print("init", __name__, __package__)
LEVEL = "top"
from . import geometry
from .shapes import circle as _circle

circles = _circle.made
