# Dict counting: get/setdefault-style updates with int and str keys (BINARY_SUBSCR_DICT, STORE_SUBSCR_DICT).
words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
counts = {}
pairs = {}
for i in range(400000):
    w = words[(i * 7) % 8]
    counts[w] = counts.get(w, 0) + 1
    k = i % 1000
    if k in pairs:
        pairs[k] += 1
    else:
        pairs[k] = 1
print(sorted(counts.items()), len(pairs), pairs[999])
