# openhands/storage/data_models/settings.py (0.62.0): Settings(BaseModel), the fields the plugin sets; a plain
# class here (no pydantic on the test machine) with the two pydantic methods the stores call.
import json


class Settings:
    _FIELDS = ('language', 'agent', 'max_iterations', 'security_analyzer', 'confirmation_mode', 'llm_model',
               'llm_api_key', 'llm_base_url')

    def __init__(self, **kwargs):
        for name in self._FIELDS:
            setattr(self, name, kwargs.pop(name, None))
        self.extra = kwargs

    def model_dump_json(self, context=None) -> str:
        return json.dumps({**{n: getattr(self, n) for n in self._FIELDS}, **self.extra})

    def merge_with_config_settings(self) -> 'Settings':
        return self
