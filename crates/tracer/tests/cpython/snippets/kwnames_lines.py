x = email.message_from_bytes(
    self.get_bytes(key, from_)).as_string(unixfrom=from_)
y = f(
    a).g(k=1)
