# An n-body float loop: attribute loads/stores on instances, float arithmetic, math.sqrt.
import math


class Body:
    def __init__(self, x, y, vx, vy, m):
        self.x = x
        self.y = y
        self.vx = vx
        self.vy = vy
        self.m = m


def step(bodies, dt):
    n = len(bodies)
    for i in range(n):
        a = bodies[i]
        for j in range(i + 1, n):
            b = bodies[j]
            dx = a.x - b.x
            dy = a.y - b.y
            d2 = dx * dx + dy * dy + 0.01
            mag = dt / (d2 * math.sqrt(d2))
            a.vx -= dx * b.m * mag
            a.vy -= dy * b.m * mag
            b.vx += dx * a.m * mag
            b.vy += dy * a.m * mag
    for body in bodies:
        body.x += dt * body.vx
        body.y += dt * body.vy


def energy(bodies):
    e = 0.0
    for i in range(len(bodies)):
        a = bodies[i]
        e += 0.5 * a.m * (a.vx * a.vx + a.vy * a.vy)
        for j in range(i + 1, len(bodies)):
            b = bodies[j]
            e -= a.m * b.m / math.sqrt((a.x - b.x) ** 2 + (a.y - b.y) ** 2 + 0.01)
    return e


bodies = [Body(float(i), float(i * i % 7), 0.1 * i, -0.05 * i, 1.0 + i * 0.5) for i in range(5)]
before = energy(bodies)
for _ in range(50000):
    step(bodies, 0.001)
print(round(before, 6), round(energy(bodies), 6))
