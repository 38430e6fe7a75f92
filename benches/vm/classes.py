# A class-heavy simulation: object creation, method calls, inheritance and super().
class Agent:
    def __init__(self, ident, energy):
        self.ident = ident
        self.energy = energy
        self.alive = True

    def act(self, tick):
        self.energy -= 1
        if self.energy <= 0:
            self.alive = False
        return self.energy


class Forager(Agent):
    def __init__(self, ident, energy, skill):
        super().__init__(ident, energy)
        self.skill = skill

    def act(self, tick):
        if tick % self.skill == 0:
            self.energy += 3
        return super().act(tick)


def simulate(ticks):
    agents = [Forager(i, 20 + i % 10, 2 + i % 5) for i in range(200)]
    for tick in range(ticks):
        for agent in agents:
            if agent.alive:
                agent.act(tick)
        if tick % 50 == 0:
            agents = [a for a in agents if a.alive]
            agents.append(Forager(tick, 30, 3))
    return len(agents), sum([a.energy for a in agents])


print(simulate(5000))
