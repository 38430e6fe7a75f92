class = "first"
print(class)
