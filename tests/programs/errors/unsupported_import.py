# A standard-library module the VM does not provide (os) is refused by name.
import os
print(os.sep)
