# A syntax error on a tab-indented line: CPython keeps the tab in the line and under it.
if True:
	x = 1 +
