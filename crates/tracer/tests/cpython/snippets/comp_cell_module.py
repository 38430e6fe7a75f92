_n = [''.join(m for m in x if s) for s in y]
for s in z:
    pass
