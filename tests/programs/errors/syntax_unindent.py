# An inconsistent dedent inside a block.
for i in range(3):
        x = i
    print(x)
