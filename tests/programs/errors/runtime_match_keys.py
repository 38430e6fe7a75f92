# Two attribute keys with the same value in a mapping pattern.
class K:
    A = "a"
    B = "a"


match {"a": 1, "b": 2}:
    case {K.A: 1, K.B: 1}:
        pass
