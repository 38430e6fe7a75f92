# A module whose code raises: the import fails, and it is not left in sys.modules.
attempts = 1
value = {}["missing"]
