# Breadth-first search on a grid maze: list as queue, set of visited tuples, path reconstruction.
MAZE = [
    "S.#.......",
    ".##.####.#",
    "....#..#..",
    "#.#.#.##.#",
    "..#...#...",
    ".####.#.#.",
    "......#.#E",
]


def find(ch):
    for r in range(len(MAZE)):
        c = MAZE[r].find(ch)
        if c >= 0:
            return (r, c)
    return None


def neighbours(pos):
    r, c = pos
    for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        nr, nc = r + dr, c + dc
        if 0 <= nr < len(MAZE) and 0 <= nc < len(MAZE[0]) and MAZE[nr][nc] != "#":
            yield (nr, nc)


def bfs(start, goal):
    queue = [start]
    came_from = {start: None}
    while queue:
        pos = queue.pop(0)
        if pos == goal:
            break
        for nxt in neighbours(pos):
            if nxt not in came_from:
                came_from[nxt] = pos
                queue.append(nxt)
    path = []
    node = goal
    while node is not None:
        path.append(node)
        node = came_from.get(node)
    path.reverse()
    return path, len(came_from)


start, goal = find("S"), find("E")
path, explored = bfs(start, goal)
print(start, goal, len(path) - 1, explored)
on_path = set(path)
for r in range(len(MAZE)):
    print("".join(["*" if (r, c) in on_path and MAZE[r][c] == "." else MAZE[r][c] for c in range(len(MAZE[r]))]))
