# A bare yield used as an operand: CPython takes a yield expression only whole (fuzz finding).
def pairs(items):
    for i, item in enumerate(items):
        yield &i, item
