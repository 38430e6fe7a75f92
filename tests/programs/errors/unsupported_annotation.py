# Annotated assignments are outside the supported subset.
count: int = 0
print(count)
