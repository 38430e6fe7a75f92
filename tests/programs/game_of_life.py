# Conway's Game of Life on a small torus: nested lists, modular indexing, hot nested loops.
W = 12
H = 8


def step(grid):
    new = [[0] * W for _ in range(H)]
    for y in range(H):
        for x in range(W):
            n = 0
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    if dy or dx:
                        n += grid[(y + dy) % H][(x + dx) % W]
            alive = grid[y][x]
            if alive and (n == 2 or n == 3):
                new[y][x] = 1
            elif not alive and n == 3:
                new[y][x] = 1
    return new


def show(grid):
    for row in grid:
        print("".join(["#" if c else "." for c in row]))


grid = [[0] * W for _ in range(H)]
for x, y in [(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)]:
    grid[y][x] = 1
grid[5][8] = grid[5][9] = grid[5][10] = 1
show(grid)
for _ in range(12):
    grid = step(grid)
print()
show(grid)
print(sum([sum(row) for row in grid]))
