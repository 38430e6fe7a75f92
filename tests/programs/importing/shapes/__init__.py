# A subpackage with an __all__ naming a submodule that only `import *` loads.
__all__ = ["circle", "polygon"]
print("shapes", __name__, __package__)
