# Numeric exceptions and their exact messages, each caught: division/modulo by zero for int and
# float, negative powers of zero, bad int()/float() literals, overflow converting to float.
def attempt(label, f):
    try:
        print(label, "=", f())
    except ZeroDivisionError as e:
        print(label, "ZeroDivisionError:", e)
    except ValueError as e:
        print(label, "ValueError:", e)
    except OverflowError as e:
        print(label, "OverflowError:", e)
    except TypeError as e:
        print(label, "TypeError:", e)


attempt("1/0", lambda: 1 / 0)
attempt("1//0", lambda: 1 // 0)
attempt("1%0", lambda: 1 % 0)
attempt("1.0/0", lambda: 1.0 / 0)
attempt("1.0//0.0", lambda: 1.0 // 0.0)
attempt("1.0%0", lambda: 1.0 % 0)
attempt("divmod(1,0)", lambda: divmod(1, 0))
attempt("0**-1", lambda: 0 ** -1)
attempt("0.0**-1", lambda: 0.0 ** -1)
attempt("int('1.5')", lambda: int("1.5"))
attempt("int('')", lambda: int(""))
attempt("float('abc')", lambda: float("abc"))
attempt("float(10**400)", lambda: float(10 ** 400))
attempt("10**400/1", lambda: 10 ** 400 / 1)
attempt("2.0**10000", lambda: 2.0 ** 10000)
attempt("int(inf)", lambda: int(float("inf")))
attempt("int(nan)", lambda: int(float("nan")))
attempt("'a'*1.5", lambda: "a" * 1.5)
attempt("[]+()", lambda: [] + ())
attempt("-'a'", lambda: -"a")
attempt("1<'a'", lambda: 1 < "a")
attempt("round(2.5)", lambda: round(2.5))
attempt("pow(2,-1,7)", lambda: pow(2, -1, 7))
attempt("chr(-1)", lambda: chr(-1))
attempt("ord('ab')", lambda: ord("ab"))
