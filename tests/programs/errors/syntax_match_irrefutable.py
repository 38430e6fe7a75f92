# A capture pattern before other cases makes them unreachable.
match 3:
    case x:
        print(x)
    case 1:
        print("one")
