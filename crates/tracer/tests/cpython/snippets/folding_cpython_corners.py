# Folds where CPython keeps a type or a rule of its own: bool & bool is a bool, complex **,
# float // by float_divmod, every folded NaN its own constant, {1, 1.0, True} is {1}.
def f():
    a = repr(1e300 * 1e300 * 0)
    b = repr(-1e300 * 1e300 * 0)
    c = True & True, True | False, True ^ True
    d = 3j ** 0j, 2 ** 1j, (1+1j) ** 2, 2j ** -1
    e = 1.0 // 0.1, -7.0 // 2, 7.5 // -2
    s = {1, 1.0, True}
    t = {'junk', ('a', 'ABC'), (1, 10)}
    return a, b, c, d, e, s, t
