# Ends with an uncaught AssertionError with a formatted message.
def checked_mean(values):
    assert len(values) > 0, f"need values, got {values!r}"
    return sum(values) / len(values)


means = []
for chunk in [[2, 4], [1.5], [10, 20, 30]]:
    means.append(checked_mean(chunk))
print(means)
checked_mean([])
print("never printed")
