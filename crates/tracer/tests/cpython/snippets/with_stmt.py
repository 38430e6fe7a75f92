def f(a):
    with a as b, c:
        return b.x()
    for i in a:
        with i:
            break
def g(self):
    with self._shutdown_lock:
        self._broken = 1
        while True:
            try:
                w = g()
            except E:
                break
            if w is not None:
                w.set(2)
