# Sieve of Eratosthenes and related prime utilities.
def sieve(n):
    is_prime = [True] * (n + 1)
    is_prime[0] = False
    is_prime[1] = False
    i = 2
    while i * i <= n:
        if is_prime[i]:
            for j in range(i * i, n + 1, i):
                is_prime[j] = False
        i += 1
    return [k for k in range(n + 1) if is_prime[k]]


primes = sieve(2000)
print(len(primes), primes[:10], primes[-3:])


def factorize(n):
    factors = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors.append(d)
            n //= d
        d += 1
    if n > 1:
        factors.append(n)
    return factors


print(factorize(360), factorize(97), factorize(2 ** 10 * 3 ** 5), factorize(600851475143))
twins = [(p, p + 2) for p in primes if p + 2 in set(primes[:60])]
print(twins[:8])
gaps = {}
for a, b in zip(primes, primes[1:]):
    g = b - a
    gaps[g] = gaps.get(g, 0) + 1
print(sorted(gaps.items())[:6])
