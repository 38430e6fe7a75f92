# Imported by runtime_import_raises.py: its module code fails in a function it calls.
def setup(table):
    return table["port"]


CONFIG = setup({"host": "localhost"})
