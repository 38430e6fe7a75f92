# A small bank simulation: classes, exceptions for rule violations, dict of accounts.
class InsufficientFunds(Exception):
    pass


class Account:
    count = 0

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.history = []
        Account.count += 1

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount
        self.history.append(("dep", amount))

    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(f"{self.owner} has {self.balance}, needs {amount}")
        self.balance -= amount
        self.history.append(("wd", amount))


class SavingsAccount(Account):
    def __init__(self, owner, balance=0, rate=0.02):
        super().__init__(owner, balance)
        self.rate = rate

    def add_interest(self):
        self.balance = round(self.balance * (1 + self.rate), 2)


accounts = {"ann": Account("ann", 100), "bob": SavingsAccount("bob", 1000)}
failures = 0
for day in range(200):
    name = "ann" if day % 2 else "bob"
    acct = accounts[name]
    try:
        if day % 3 == 0:
            acct.withdraw(37)
        else:
            acct.deposit(day % 11)
    except InsufficientFunds as e:
        failures += 1
        last_error = str(e)
    except ValueError:
        failures += 100
accounts["bob"].add_interest()
print(accounts["ann"].balance, accounts["bob"].balance, failures, Account.count)
print(last_error)
print(len(accounts["bob"].history), accounts["ann"].history[:3])
