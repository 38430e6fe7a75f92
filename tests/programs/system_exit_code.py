# An uncaught SystemExit ends the program without a traceback; an int code is the exit status.
# A caught one is an ordinary exception; a subclass counts as SystemExit too.
class Done(SystemExit):
    pass


try:
    raise SystemExit(5)
except SystemExit as e:
    print("caught", e, e.args)


def finish(total):
    print("total", total)
    raise Done(3)


finish(sum(range(10)))
print("not reached")
