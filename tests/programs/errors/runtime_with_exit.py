# An exception raised by __exit__ while it handles one from the with body: both tracebacks.
class Closer:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        raise RuntimeError("close failed")


def work(items):
    with Closer():
        return items[3]


work([1, 2])
