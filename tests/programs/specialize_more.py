# Hot sites chosen to reach more specialized forms: COMPARE_OP_STR, CALL_TYPE_1, CALL_STR_1,
# CALL_TUPLE_1, CALL_ISINSTANCE, CALL_BOUND_METHOD_EXACT_ARGS, CALL_PY_GENERAL, TO_BOOL_STR,
# TO_BOOL_NONE, UNPACK_SEQUENCE_LIST, BINARY_SUBSCR_GETITEM, LOAD_ATTR_CLASS.
class Grid:
    size = 4

    def __init__(self):
        self.cells = list(range(16))

    def __getitem__(self, i):
        return self.cells[i % 16]

    def get(self, i):
        return self.cells[i]


def scaled(x, factor=2, offset=0):
    return x * factor + offset


grid = Grid()
getter = grid.get
same = 0
kinds = 0
texts = 0
tuples = 0
truthy = 0
subs = 0
maybe = None
label = "on"
for i in range(300):
    if "key" == ("key" if i % 2 else "kez"):
        same += 1
    if type(i) is int and isinstance(i, int):
        kinds += 1
    texts += len(str(i))
    tuples += len(tuple("ab"))
    if label:
        truthy += 1
    if maybe:
        truthy -= 1
    a, b = [i, i + 1]
    subs += grid[i] + getter(i % 16) + Grid.size + a - b
    subs += scaled(i)
print(same, kinds, texts, tuples, truthy, subs)
