# Only `import math` is supported.
import os
print(os.sep)
