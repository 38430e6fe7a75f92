# Loops hot enough (hundreds of iterations) to warm many specialization families at once.
class Particle:
    def __init__(self, x, v):
        self.x = x
        self.v = v

    def step(self, dt):
        self.x = self.x + self.v * dt
        if self.x > 10.0 or self.x < 0.0:
            self.v = -self.v


LIMIT = 400
table = {"a": 1, "b": 2, "c": 3}
letters = ["a", "b", "c"]
pairs = [(1, 2), (3, 4), (5, 6)]
seen = {1, 2, 3}
particles = [Particle(float(i), 0.5 + i) for i in range(4)]
hits = 0
chars = 0
total = 0
text = "specialize"
for i in range(LIMIT):
    key = letters[i % 3]
    total += table[key]
    a, b = pairs[i % 3]
    total += a * b
    if i % 7 in seen:
        hits += 1
    if key in table:
        hits += 1
    chars += len(text[i % len(text)])
    for p in particles:
        p.step(0.1)
    if not letters:
        break
print(total, hits, chars)
print([round(p.x, 3) for p in particles])
print([round(p.v, 1) for p in particles])
grid = [0] * 10
for i in range(LIMIT):
    grid[i % 10] = grid[i % 10] + i
print(grid)
