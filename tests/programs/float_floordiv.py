# float // and % as CPython computes them (float_divmod): 1.0 // 0.1 is 9.0, zero remainders
# take the sign of the divisor.
xs = [1.0, 0.1, -7.0, 2.0, 7.5, -2.0, 0.0, -0.0, 5.0, 1e308, 3.0, -1e-300]
for a in xs:
    for b in xs:
        if b != 0.0:
            print(a // b, a % b, divmod(a, b), end=' ')
    print()
