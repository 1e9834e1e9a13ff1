def seed(*, scale: str, stdout):
    return None
