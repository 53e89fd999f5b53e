CONSTANCE: dict = {}
