def loops(n):
    total = 0
    i = 0
    while i < n:
        i += 1
        if i % 2 == 0:
            continue
        total += i
    else:
        total -= 1
    for j in range(n):
        for k in range(j):
            if k == 3:
                break
            total += k
    while True:
        total += 1
        if total > 100:
            break
    return total

print(loops(10))
