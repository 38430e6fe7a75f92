# Structural pattern matching is outside the supported subset.
value = 3
match value:
    case 1:
        print("one")
    case _:
        print("other")
