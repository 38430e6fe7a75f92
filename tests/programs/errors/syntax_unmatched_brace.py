config = {"a": 1}
}
