# A stand-in for the `pyperf` harness that the pyperformance programs of this corpus
# (tests/programs/pyperf_*.py) import: it runs each benchmark function once, with the
# defaults its command-line options declare, and prints the benchmark's name and what it
# returned (a number or string, else its type), so that the corpus compares their output
# (and their bytecode) with python3.13's. Timing, calibration and the statistics of the real pyperf are left out.

import time

perf_counter = time.perf_counter


class _Options:
    """The parsed command line: every declared option at its default."""


class _ArgParser:
    def __init__(self):
        self.defaults = {}

    def add_argument(self, *names, **settings):
        name = names[0]
        for candidate in names:
            if candidate.startswith("--"):
                name = candidate
                break
        self.defaults[name.lstrip("-").replace("-", "_")] = settings.get("default")


class Runner:
    def __init__(self, add_cmdline_args=None, **ignored):
        self.metadata = {}
        self.argparser = _ArgParser()

    def parse_args(self):
        options = _Options()
        for name, value in self.argparser.defaults.items():
            setattr(options, name, value)
        return options

    def bench_func(self, name, func, *args, inner_loops=None):
        result = func(*args)
        if isinstance(result, (int, float, str, type(None))):
            print(f"{name}: ran once, returned {result!r}")
        else:
            print(f"{name}: ran once, returned a {type(result).__name__}")
        return result

    def bench_time_func(self, name, func, *args, inner_loops=None):
        func(1, *args)
        print(f"{name}: ran one loop")
