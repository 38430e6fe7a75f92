# An exception raised in __init__ while building an instance through a helper function.
class Account:
    def __init__(self, owner, balance):
        if balance < 0:
            raise ValueError(f"negative opening balance for {owner}: {balance}")
        self.owner = owner
        self.balance = balance


def open_account(owner, balance=0):
    return Account(owner, balance)


print(open_account("ann").balance)
open_account("bob", -5)
