print("start"
result = 2
print(result)
