# An exception raised inside a key function called by sorted(): no frame for the builtin itself.
def key(word):
    return len(word) + word


words = ["bb", "a"]
print(sorted(words, key=len))
print(sorted(words, key=key))
