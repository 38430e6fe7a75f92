# Lone surrogates in str literals: the parser cannot hold them, the compiler decodes them
# again from the source (compile/surrogates.rs) and the listing prints them as CPython does.
a = '\ud800'
b = "x\udc80y" 'abc' "\N{BULLET}\uDFFF"
c = ('\ud83d\ude00', "it's \udcff", r'\udc80')
d = '\ud800' * 3 + 'z'
e = "\udc80"[0]
f = {'\ud800': 1, 'a': 2}


def g(x):
    return x in {'\udc80', '\udc81', 'a', 'bb'}


h = "'\udc80" + 'plain'
i = "\\\udc80\n\x41\101\
\U0000dc80"
j = """\udc80
two lines"""


def k(cps):
    # A starred tuple iterated over keeps CALL_INTRINSIC_1 (LIST_TO_TUPLE) in 3.13.
    for cp in (1, 2, *range(3, 5), 6):
        cps.append(cp)


def fs(a):
    # f-string text: doubled braces, a surrogate in a format spec, raw f-strings keep escapes.
    return f'{a}\udfff', f'x\udc80{{y}}{a!r:>{3}}z' 'tail\ud800', rf'\udc80{a}', f'{a:\udc80>5}'
