# A class keyword with no __init_subclass__ to take it: object.__init_subclass__ refuses.
class Plain:
    pass

class Tagged(Plain, tag="x"): pass
