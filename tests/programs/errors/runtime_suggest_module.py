# AttributeError on a module: the closest name in the module is suggested.
import math
print(math.sqr(2))
