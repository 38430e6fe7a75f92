# The Python part of the VM's `heapq` module (run by heapq.rs when the module is first
# imported): the functions CPython's Lib/heapq.py writes in Python, so calling them is
# calling a Python function there and here.


def nsmallest(n, iterable, key=None):
    """Find the n smallest elements in a dataset."""
    return _nsmallest(n, iterable, key)


def nlargest(n, iterable, key=None):
    """Find the n largest elements in a dataset."""
    return _nlargest(n, iterable, key)


def merge(*iterables, key=None, reverse=False):
    """Merge multiple sorted inputs into a single sorted output."""
    # Each heap entry is [sort key, input number (ties keep input order), value, iterator];
    # the input number is unique, so the comparison never reaches the value or iterator.
    heap = []
    if reverse:
        _heapify, _heappop, _heapreplace, direction = _heapify_max, _heappop_max, _heapreplace_max, -1
    else:
        _heapify, _heappop, _heapreplace, direction = heapify, heappop, heapreplace, 1
    for order, it in enumerate(map(iter, iterables)):
        for value in it:
            heap.append([value if key is None else key(value), order * direction, value, it])
            break
    _heapify(heap)
    while len(heap) > 1:
        entry = heap[0]
        yield entry[2]
        for value in entry[3]:
            entry[0] = value if key is None else key(value)
            entry[2] = value
            _heapreplace(heap, entry)
            break
        else:
            _heappop(heap)
    if heap:
        entry = heap[0]
        yield entry[2]
        yield from entry[3]
