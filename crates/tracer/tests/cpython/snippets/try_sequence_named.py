try:
    raise V
except V as e:
    pass
try:
    raise R
except R:
    pass
