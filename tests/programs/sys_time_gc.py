# sys, time and gc: version_info as a named tuple, argv, maxsize, the recursion limit wired to the VM's, exit and SystemExit.code, exception(), stdout.write and print(file=...), time's clocks and sleep (compared, never printed), gc's settings; ends with sys.exit(4).
import sys, time, gc
print(sys.version_info, sys.version_info.major, sys.version_info[:2], sys.version_info >= (3, 8), sys.version_info < (3, 14))
major, minor, *rest = sys.version_info
print(sys.argv, major, minor, rest, len(sys.version_info), tuple(sys.version_info), sys.hexversion == 0x030d00f0, sys.version.split()[0])
print(sys.maxsize, sys.byteorder, sys.platform, type(sys.argv).__name__, sys.argv[0].endswith('.py'), sys.getrecursionlimit(), sys.getdefaultencoding())
sys.setrecursionlimit(500); print(sys.getrecursionlimit()); sys.setrecursionlimit(1000)
for bad in [lambda: sys.setrecursionlimit(0), lambda: sys.setrecursionlimit(1.5), lambda: sys.setrecursionlimit(10**20), lambda: time.sleep(-1), lambda: time.sleep("x"), lambda: gc.set_threshold(), lambda: gc.collect(5), lambda: sys.version_info.major.real, lambda: gc.set_threshold(1, 2, 3, 4)]:
    try: print(bad())
    except Exception as e: print(type(e).__name__, e)
def deep(n):
    return deep(n + 1) if n < 2000 else n
try: deep(0)
except RecursionError as e: print("RecursionError", e)
sys.setrecursionlimit(3000); print(deep(0)); sys.setrecursionlimit(1000)
print(sys.stdout.write("written\n"))
print("to stdout", file=sys.stdout)
sys.stdout.flush()
print(sys.exception())
try:
    raise KeyError("k")
except KeyError:
    print(repr(sys.exception()))
t0 = time.time(); p0 = time.perf_counter(); n0 = time.perf_counter_ns(); m0 = time.monotonic(); c0 = time.process_time()
time.sleep(0.01)
print(time.time() >= t0, time.perf_counter() - p0 >= 0.01, time.perf_counter_ns() > n0, time.monotonic() > m0, time.process_time() >= c0, type(time.time_ns()).__name__, time.time_ns() > 1.7e18, type(time.monotonic_ns()).__name__)
print(gc.isenabled(), gc.disable(), gc.isenabled(), gc.enable(), gc.isenabled(), gc.collect(), gc.collect(1), gc.get_threshold(), gc.set_threshold(700), gc.get_threshold(), gc.set_threshold(5, 6, 7), gc.get_threshold(), gc.get_debug(), gc.DEBUG_LEAK, gc.garbage)
try:
    sys.exit(3)
except SystemExit as e:
    print("SystemExit", e.code, e.args)
try:
    sys.exit()
except SystemExit as e:
    print("SystemExit", e.code, e.args)
try:
    sys.exit("bye")
except SystemExit as e:
    print("SystemExit", e.code)
sys.exit(4)
