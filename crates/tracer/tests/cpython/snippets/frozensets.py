if x in {'win32', 'cygwin'}: pass
y = {'__name__', '__package__', '__loader__', '__spec__', '__builtins__', '__file__'}
for q in {'darwin', 'ios', 'tvos', 'watchos', 1, 2, b'x'}: pass
if x in {1, 9, 17, 25, 33, 2, 10, 100, 7, 15}: pass
if x in {-1, -2, 2**40, 8, 16}: pass
