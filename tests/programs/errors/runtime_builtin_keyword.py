# A keyword the builtin does not take: CPython's message, with its "Did you mean" hint.
words = "a b c".split()
print(sorted(words, reverse=True))
print(sorted(words, revers=True))
