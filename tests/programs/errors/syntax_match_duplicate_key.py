# A mapping pattern checks each literal key once.
match {}:
    case {"a": 1, "b": 2, "a": 3}:
        pass
