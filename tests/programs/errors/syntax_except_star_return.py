# A return inside an except* body would drop the rest of the group.
def f():
    try:
        pass
    except* ValueError:
        return 1
