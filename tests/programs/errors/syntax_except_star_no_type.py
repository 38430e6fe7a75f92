# except* needs the exception types it splits off.
try:
    pass
except*:
    pass
