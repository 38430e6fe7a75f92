# A while test is compiled twice (at the top and at the bottom of the loop): the generator
# expression in it is two equal code objects, which CPython's constant cache makes one.
def drain(queues):
    while any(q for q in queues):
        for q in queues:
            if q:
                q.pop()
    while (lambda: queues)():
        queues.pop()
