class Account:
    __slots_hint = "private class attribute"

    def __init__(self, owner, __balance=0):
        self.__owner = owner
        self.__balance = __balance
        self.__dunder__ = 1

    def deposit(self, amount):
        self.__balance += amount
        return self.__balance

    def __check(self):
        __local = self.__balance
        return __local >= 0

    def ok(self):
        return self.__check() and Account.__slots_hint

    def nested(self):
        def inner():
            return self.__owner
        return [self.__owner for _ in range(1)], inner()


class _Under:
    def get(self):
        return self.__x


class __:
    def get(self):
        return self.__y


a = Account("ann")
print(a.deposit(5), a.ok(), a.nested(), a._Account__balance)
