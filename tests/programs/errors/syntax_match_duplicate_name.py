# One pattern binds a name once.
match (1, 2):
    case (a, a):
        pass
