# Runtime corners where an easy implementation drifts from CPython: '#' float formats,
# huge precisions and widths, range lengths past 64 bits, repetition and shift overflow,
# dicts whose keys change during iteration while the size stays the same, int() parsing with
# bases, % and str.format errors, and a few str methods (rsplit, partition, splitlines).


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


for spec in ["#.1", "#.0", "#.3", ".1", ".3", "#.0e", "#.0f", "#.0%", "#g", "#.3g", "#n", ".3n"]:
    print(spec, [format(v, spec) for v in [0.0, 3.0, 1.5, 123.0, 9.99, 1e16, 0.5]])
print(format(1e16, ".17"), format(1.7976931348623157e308, "#.0%"), format(12.5, "#10.1"))
attempt("precision 65536", lambda: len(format(3.0, ".65536f")))
attempt("precision 2**31", lambda: format(3.0, ".2147483648f"))
attempt("precision 20 digits", lambda: format(3.0, ".99999999999999999999f"))
attempt("width 20 digits", lambda: format(3.0, "99999999999999999999f"))
attempt("int precision", lambda: format(3, ".2"))
attempt("int precision x", lambda: format(255, "#.3x"))
attempt("huge int as float", lambda: format(10**400, "f"))
attempt("str precision", lambda: format("abc", ".2147483648"))

attempt("len 2**64-1", lambda: len(range(-2**63, 2**63 - 1)))
attempt("len 2**63", lambda: len(range(-2**62, 2**62)))
attempt("len 2**63-1", lambda: len(range(-2**62, 2**62 - 1)))
attempt("index -1", lambda: range(-2**63, 2**63 - 1)[-1])
attempt("index 2**62", lambda: range(-2**63, 2**63 - 1)[2**62])
attempt("contains", lambda: (2**62 in range(-2**63, 2**63 - 1, 3), 2**62 + 1 in range(-2**63, 2**63 - 1, 3)))

attempt("str repeat", lambda: "ab" * 2**62)
attempt("str repeat 2**63", lambda: "ab" * 2**63)
attempt("bytes repeat", lambda: b"ab" * 2**62)
attempt("list repeat", lambda: [1, 2] * 2**62)
attempt("tuple repeat", lambda: (1, 2) * 2**62)
attempt("empty repeat", lambda: [] * 2**62)
attempt("bytes item", lambda: bytes([300]))
attempt("bytes big item", lambda: bytes([2**70]))

attempt("lshift 10**30", lambda: 1 << 10**30)
attempt("lshift 2**66", lambda: -1 << 2**66)
attempt("lshift 2**63", lambda: 1 << 2**63)
attempt("zero lshift", lambda: 0 << 10**30)
attempt("negative shift", lambda: 0 << -1)
attempt("rshift far", lambda: ((1 << 2**21) >> 2**20).bit_length())
attempt("rshift past", lambda: ((1 << 2**21) >> 2**70, -(1 << 2**21) >> 2**70))
attempt("pow of one", lambda: (1 ** 10**30, (-1) ** (10**30 + 1), 0 ** 10**30))


def mutate(label, body):
    # Six keys leave CPython's table room for four more entries, so no resize reorders it.
    d = {i: i for i in range(6)}
    seen = []
    try:
        for k in d:
            seen.append(k)
            body(d, len(seen))
        print(label, "ok", seen, d)
    except RuntimeError as e:
        print(label, "RuntimeError", e, seen, d)


def swap_visited_twice(d, n):
    if n == 3:
        del d[0]
        d[100] = 0
    if n == 4:
        del d[1]
        d[101] = 0


def swap_future(d, n):
    if n == 1:
        del d[4]
        d[99] = 0


def overwrite(d, n):
    d[0] = n


def grow(d, n):
    d[200] = 1


def churn(d, n):
    if n == 1:
        for i in range(40):
            d[1000 + i] = 0
        for i in range(40):
            del d[1000 + i]


for f in [swap_visited_twice, swap_future, overwrite, grow, churn]:
    mutate(f.__name__, f)
d = {1: 1}
it = iter(d)
d[2] = 2
for i in range(2):
    attempt("sticky", lambda: next(it))
print(d.popitem(), d)
attempt("popitem empty", lambda: {}.popitem())

for text, base in [("0x1f", 0), ("-0x1F", 0), ("0x1f", 16), ("0x1f", 10), ("012", 0), ("00", 0),
                   ("012", 10), ("0b_101", 2), ("1_000", 0), ("_1", 10), ("1_", 10), (" +42 ", 10),
                   ("Z", 36), ("12", 1), ("12", 37), ("", 10), ("0x", 16), ("1__0", 10)]:
    attempt(f"int({text!r}, {base})", lambda: int(text, base))
for text in ["1__0", "_1", "1_000", " 7 ", "-0", "1.0", "0012"]:
    attempt(f"int({text!r})", lambda: int(text))
attempt("percent extra", lambda: "%s" % (1, 2))
attempt("percent unused", lambda: "abc" % 5)
attempt("percent list", lambda: "abc" % [])
attempt("format name", lambda: "{0}{x}".format(1))
attempt("format index", lambda: "{2}".format(1))
attempt("rsplit", lambda: ("a,b,c".rsplit(",", 1), "  a b  c ".rsplit(None, 1), "a b c".rsplit(maxsplit=0)))
attempt("partition", lambda: ("a=b=c".partition("="), "abc".partition("x"), "a=b=c".rpartition("="), "abc".rpartition("x")))
attempt("partition empty", lambda: "abc".partition(""))
attempt("splitlines", lambda: ("a\nb\r\nc".splitlines(), "a\rb\x0bc\x1cd\u2028e".splitlines(), "\n".splitlines()))
attempt("splitlines keep", lambda: "a\nb\r\nc\r".splitlines(True))
attempt("swapcase", lambda: "Hello World ß 123".swapcase())
print(repr("a\u2028b\xa0c\u200bd\ue000 é"), ["\u2029"])
