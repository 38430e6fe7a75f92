# PEP 696: once a type parameter has a default, the later ones need one too.
class Mapping[K = str, V]:
    pass
