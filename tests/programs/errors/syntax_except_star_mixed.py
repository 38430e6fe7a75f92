# except and except* cannot share one try.
try:
    pass
except* ValueError:
    pass
except TypeError:
    pass
