# Not OpenHands: the part of fastapi.Request (starlette) the plugin touches: request.state.<attr>.
class _State:
    def __init__(self, state: dict):
        self.__dict__.update(state)


class Request:
    def __init__(self, scope: dict):
        self.scope = scope
        self.state = _State(scope.setdefault("state", {}))
