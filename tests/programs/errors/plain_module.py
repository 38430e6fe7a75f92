# Imported by runtime_import_name.py: defines one name only.
def greet():
    return "hello"
