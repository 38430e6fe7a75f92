# An attribute read on None returned by a function that forgot to return.
def find(items, target):
    for item in items:
        if item == target:
            return item


print(find(["a", "b"], "b").upper())
print(find(["a", "b"], "c").upper())
