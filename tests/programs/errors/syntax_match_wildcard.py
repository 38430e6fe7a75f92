# A wildcard in an or-pattern must come last.
match 3:
    case _ | 1:
        pass
