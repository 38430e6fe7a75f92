# User-defined exception classes: hierarchy, attributes, isinstance-based handlers.
class AppError(Exception):
    pass


class ParseError(AppError):
    def __init__(self, text, pos):
        super().__init__(f"cannot parse {text!r} at {pos}")
        self.text = text
        self.pos = pos


class LimitError(AppError):
    pass


def parse_digit(text):
    for i in range(len(text)):
        if text[i] < "0" or text[i] > "9":
            raise ParseError(text, i)
    return int(text)


def check(n):
    if n > 100:
        raise LimitError(n)
    return n


for t in ["42", "4x2", "100000"]:
    try:
        print(check(parse_digit(t)))
    except ParseError as e:
        print("parse:", e, e.pos)
    except AppError as e:
        print("app:", type(e).__name__, e, e.args)
print(issubclass(ParseError, AppError), isinstance(LimitError(1), Exception))
e = AppError("a", 2)
print(e.args, str(e), repr(e))
caught = 0
for i in range(200):
    try:
        check(i)
    except LimitError:
        caught += 1
print(caught)
