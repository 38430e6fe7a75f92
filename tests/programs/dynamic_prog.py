# Dynamic programming: edit distance, longest common subsequence, knapsack, memoized paths.
def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        prev = cur
    return prev[-1]


def lcs(a, b):
    table = [[""] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            if a[i] == b[j]:
                table[i][j] = a[i] + table[i + 1][j + 1]
            else:
                left, down = table[i + 1][j], table[i][j + 1]
                table[i][j] = left if len(left) >= len(down) else down
    return table[0][0]


def knapsack(items, capacity):
    best = [0] * (capacity + 1)
    for weight, value in items:
        for c in range(capacity, weight - 1, -1):
            best[c] = max(best[c], best[c - weight] + value)
    return best[capacity]


memo = {}


def paths(r, c):
    if r == 0 or c == 0:
        return 1
    key = (r, c)
    if key not in memo:
        memo[key] = paths(r - 1, c) + paths(r, c - 1)
    return memo[key]


print(edit_distance("kitten", "sitting"), edit_distance("intention", "execution"), edit_distance("", "abc"))
print(repr(lcs("AGGTAB", "GXTXAYB")), repr(lcs("specialization", "speculation")))
print(knapsack([(12, 4), (2, 2), (1, 1), (1, 2), (4, 10)], 15), knapsack([(5, 10), (4, 40), (6, 30), (3, 50)], 10))
print(paths(10, 10), paths(16, 16), len(memo))
