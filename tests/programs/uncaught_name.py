# Ends with an uncaught NameError after partial output (a misspelled global).
greeting = "hi"


def greet(name):
    return greeting + " " + name


def shout(name):
    return greet(name).upper() + "!" * exclamation_marks


print(greet("a"))
print(greet("b"))
print(shout("c"))
