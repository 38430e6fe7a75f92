name = "world"
width = 10
x = 3.14159
print(f"hello {name}!")
print(f"{name!r} {name!s} {name!a}")
print(f"{x:.2f} {x:{width}} {x=}")
print(f"{name}")
print(f"plain")
print("a" f"b{x}c" "d")
