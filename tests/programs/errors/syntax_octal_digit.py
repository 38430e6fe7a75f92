# A digit that is not octal in an 0o literal.
mode = 0o755
bad = 0o789
