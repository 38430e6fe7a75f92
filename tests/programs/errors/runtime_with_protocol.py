# An object without __exit__ used as a context manager, two calls deep.
class Half:
    def __enter__(self):
        return self


def use(cm):
    with cm as c:
        print(c)


def main():
    use(Half())


main()
