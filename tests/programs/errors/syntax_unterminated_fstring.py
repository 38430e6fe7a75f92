# An f-string left open: CPython points at its prefix, not at the text ruff stops in.
width = 8
label = f"{width:>{width}
