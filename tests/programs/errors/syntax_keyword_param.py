def area(lambda, width):
    return lambda * width
