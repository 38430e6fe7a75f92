# Ends with an uncaught user-defined exception carrying a message.
class ValidationError(Exception):
    pass


def validate(age):
    if age < 0:
        raise ValidationError(f"age must be >= 0, got {age}")
    return age


for a in [30, 0, 7]:
    print("valid", validate(a))
validate(-5)
print("never printed")
