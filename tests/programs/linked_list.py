# A linked list and a stack built from nodes: attribute loads/stores, None checks, iteration.
class Node:
    def __init__(self, value, next_node=None):
        self.value = value
        self.next = next_node


class LinkedList:
    def __init__(self):
        self.head = None
        self.size = 0

    def push(self, value):
        self.head = Node(value, self.head)
        self.size += 1

    def pop(self):
        node = self.head
        if node is None:
            raise IndexError("pop from empty list")
        self.head = node.next
        self.size -= 1
        return node.value

    def values(self):
        node = self.head
        while node is not None:
            yield node.value
            node = node.next

    def reverse(self):
        prev = None
        node = self.head
        while node:
            node.next, prev, node = prev, node, node.next
        self.head = prev


ll = LinkedList()
for i in range(300):
    ll.push(i)
print(ll.size, list(ll.values())[:5])
ll.reverse()
print(list(ll.values())[:5], sum(ll.values()))
popped = [ll.pop() for _ in range(298)]
print(popped[:3], ll.size, list(ll.values()))
ll.pop()
ll.pop()
try:
    ll.pop()
except IndexError as e:
    print("IndexError:", e)
