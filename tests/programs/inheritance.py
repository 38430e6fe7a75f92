# Single inheritance, method overriding, super().__init__ and super().method().
class Animal:
    kind = "animal"

    def __init__(self, name):
        self.name = name

    def speak(self):
        return "..."

    def describe(self):
        return f"{self.name} the {self.kind} says {self.speak()}"


class Dog(Animal):
    kind = "dog"

    def speak(self):
        return "woof"


class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age

    def speak(self):
        return super().speak() + "!"

    def describe(self):
        base = super().describe()
        return base + f" (age {self.age})"


class Cat(Animal):
    kind = "cat"

    def speak(self):
        return "meow"


pets = [Animal("Generic"), Dog("Rex"), Puppy("Bit", 1), Cat("Tom")]
for pet in pets:
    print(pet.describe())
print(isinstance(pets[2], Dog), isinstance(pets[2], Animal), isinstance(pets[3], Dog))
print(Puppy.kind, Cat.kind, Animal.kind)
total = 0
for i in range(200):
    total += len(pets[i % 4].speak())
print(total)
