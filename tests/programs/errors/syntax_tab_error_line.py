# Tabs after spaces at the same level, the tab line shown with its tab and a caret.
if True:
        x = 1
	y = 2
