# A name the imported module does not define: CPython's message names the module and its file.
from plain_module import greet, farewell

print(greet(), farewell())
