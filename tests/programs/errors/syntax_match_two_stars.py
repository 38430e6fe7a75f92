# A sequence pattern has at most one starred name.
match []:
    case [*a, *b]:
        pass
