# An __init__ that is a generator function returns a generator, which the class call refuses
# in the caller's frame (fuzz seed 24 case 1462).
class Countdown:
    def __init__(self, start):
        yield start


def make():
    return Countdown(3)


make()
