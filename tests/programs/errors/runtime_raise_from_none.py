# raise ... from None inside a handler: the context is suppressed in the traceback.
try:
    {}["k"]
except KeyError:
    raise ValueError("no key") from None
