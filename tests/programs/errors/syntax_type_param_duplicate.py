# A type parameter named twice.
def pair[T, U, T](a: T, b: U) -> T:
    return a
