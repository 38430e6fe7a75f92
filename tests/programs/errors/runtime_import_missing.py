# A module that is nowhere on the search path, imported inside a function.
def plugins():
    from plugin_registry import available

    return available


print("before")
plugins()
