# A bare yield compared without parentheses: CPython stops at the operator.
def g():
    x = yield == 1
