def t(self):
    order = {letter: i for i, letter in enumerate(x)}
    def ok(seq):
        positions = [order[letter] for letter in seq]
        return positions
