# Loaded only by `from importing.shapes import *` (listed in the package's __all__).
SIDES = {"triangle": 3, "square": 4}
print("polygon", __name__)
