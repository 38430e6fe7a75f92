# An unexpected indent made of a tab: the caret shows at column 0 (for spaces it does not).
x = 1
	y = 2
