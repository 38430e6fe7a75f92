# A binary search tree: recursive insert, search, in-order traversal with generators, height.
class Tree:
    def __init__(self, key):
        self.key = key
        self.left = None
        self.right = None


def insert(node, key):
    if node is None:
        return Tree(key)
    if key < node.key:
        node.left = insert(node.left, key)
    elif key > node.key:
        node.right = insert(node.right, key)
    return node


def contains(node, key):
    while node is not None:
        if key == node.key:
            return True
        node = node.left if key < node.key else node.right
    return False


def inorder(node):
    if node is not None:
        for k in inorder(node.left):
            yield k
        yield node.key
        for k in inorder(node.right):
            yield k


def height(node):
    if node is None:
        return 0
    return 1 + max(height(node.left), height(node.right))


root = None
x = 7
for i in range(200):
    x = (x * 31 + 11) % 1009
    root = insert(root, x)
keys = list(inorder(root))
print(len(keys), keys[:8], keys[-3:])
print(height(root), contains(root, keys[10]), contains(root, 5000))
print(keys == sorted(keys))
