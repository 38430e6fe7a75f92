try:
    raise V
except V:
    pass
try:
    raise R
except R:
    pass
