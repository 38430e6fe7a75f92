# Instantiating an ABC that still has abstract methods: CPython's TypeError lists them sorted.
from abc import ABC, abstractmethod


class Shape(ABC):
    @abstractmethod
    def perimeter(self): ...

    @abstractmethod
    def area(self): ...


class Square(Shape):
    def area(self):
        return 1


def make():
    return Square()


make()
