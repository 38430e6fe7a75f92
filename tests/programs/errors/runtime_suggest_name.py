# NameError in a function: the closest bound local is suggested.
def f(counter):
    total = 0
    return countr + total
f(1)
