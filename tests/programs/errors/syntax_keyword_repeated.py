print("a", end="", end="\\n")
