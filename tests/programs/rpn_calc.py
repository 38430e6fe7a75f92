# A reverse Polish notation calculator: tokenizing, a list stack, dispatch via dict of lambdas.
OPS = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "//": lambda a, b: a // b,
    "**": lambda a, b: a ** b,
}


def evaluate(expr):
    stack = []
    for tok in expr.split():
        if tok in OPS:
            b = stack.pop()
            a = stack.pop()
            stack.append(OPS[tok](a, b))
        elif "." in tok:
            stack.append(float(tok))
        else:
            stack.append(int(tok))
    if len(stack) != 1:
        raise ValueError(f"bad expression: {expr!r}")
    return stack[0]


for e in ["3 4 +", "5 1 2 + 4 * + 3 -", "2 10 **", "7 2 /", "7 2 //", "1.5 2 *", "2 100 **"]:
    print(f"{e:>20} = {evaluate(e)}")
for e in ["1 +", "1 2", "4 0 /"]:
    try:
        print(evaluate(e))
    except IndexError as err:
        print("IndexError:", err)
    except ValueError as err:
        print("ValueError:", err)
    except ZeroDivisionError as err:
        print("ZeroDivisionError:", err)
total = 0
for i in range(150):
    total += evaluate(f"{i} {i} * 1 +")
print(total)
