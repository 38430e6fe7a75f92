# An f-string written back as the text of an annotation (under the __future__ import) is not
# supported yet.
from __future__ import annotations

label: f"{1}" = "x"
print(label)
