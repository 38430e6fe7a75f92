limit = 3
if limit = 3:
    print("three")
