print("total:" 42)
