# Sorting algorithms written out: insertion sort, merge sort, quicksort; checked with sorted().
def insertion_sort(xs):
    xs = list(xs)
    for i in range(1, len(xs)):
        key = xs[i]
        j = i - 1
        while j >= 0 and xs[j] > key:
            xs[j + 1] = xs[j]
            j -= 1
        xs[j + 1] = key
    return xs


def merge_sort(xs):
    if len(xs) <= 1:
        return xs
    mid = len(xs) // 2
    left = merge_sort(xs[:mid])
    right = merge_sort(xs[mid:])
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    return out + left[i:] + right[j:]


def quicksort(xs):
    if len(xs) < 2:
        return xs
    pivot = xs[0]
    return quicksort([x for x in xs[1:] if x < pivot]) + [pivot] + quicksort([x for x in xs[1:] if x >= pivot])


data = [(i * 7919) % 503 for i in range(300)]
a = insertion_sort(data)
b = merge_sort(data)
c = quicksort(data)
print(a[:10], a[-5:])
print(a == b == c == sorted(data), len(c))
print(merge_sort([3.5, -1, 2, 0.0]), quicksort(["pear", "apple", "fig"]))
