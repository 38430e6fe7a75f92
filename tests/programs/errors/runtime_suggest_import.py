# NameError for a stdlib module name that is also close to a global: both hints.
maths = 1
print(math)
