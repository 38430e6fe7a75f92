# A type alias value is its own scope: no walrus there.
type Alias = (size := 1)
