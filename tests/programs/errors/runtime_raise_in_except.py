# An exception raised while handling another: CPython prints both, chained.
def parse(text):
    try:
        return int(text)
    except ValueError:
        raise KeyError(text)


print(parse("12"))
print(parse("twelve"))
