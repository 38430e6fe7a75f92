# The chapter's running example: iterative Fibonacci, called twice so every site has run twice.
def fibonacci(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


print(fibonacci(20))
print(fibonacci(20))
