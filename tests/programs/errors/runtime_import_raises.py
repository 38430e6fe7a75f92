# An exception raised by an imported module's code: the traceback runs through the import.
def load():
    import failing_module

    return failing_module


load()
