# `except A, B:` is Python 3.14 syntax; 3.13 wants parentheses.
try:
    pass
except ValueError, TypeError:
    pass
