def run(code):
    exec "x = 1"  # Python 2
