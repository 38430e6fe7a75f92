# AttributeError on a list: the closest method of the type is suggested.
xs = [1, 2]
xs.apend(3)
