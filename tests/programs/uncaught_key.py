# Ends with an uncaught KeyError from a dict lookup inside a loop.
prices = {"apple": 3, "pear": 5}
stock = {"apple": 10, "pear": 2, "mango": 0}


def cost(item, qty):
    return prices[item] * qty


total = 0
for item in ["apple", "pear", "apple", "mango"]:
    total += cost(item, stock[item])
    print(item, total)
print("never printed")
